export { MyLearning } from './MyLearning';
