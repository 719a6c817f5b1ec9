export { signInModule } from './signInPage';
export { oidcAuthApiRef } from './oidcAuthApi';
