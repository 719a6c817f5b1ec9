import { Route, Routes } from 'react-router-dom';
import { EnvironmentDetail } from '../EnvironmentDetail';
import { EnvironmentsOverview } from './EnvironmentsOverview';

/** /environments, and each environment at /environments/:name. */
export function EnvironmentsPage() {
  return (
    <Routes>
      <Route path="/" element={<EnvironmentsOverview />} />
      <Route path="/:name" element={<EnvironmentDetail />} />
    </Routes>
  );
}
