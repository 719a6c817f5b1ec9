import { Link } from 'react-router';

/** What the app is for, from its catalog entry. */
const DESCRIPTION = ${{ values.description | dump }};

export function HomePage() {
  return (
    <section>
      <h1>Welcome</h1>
      <p>{DESCRIPTION}</p>
      <p>
        <Link to="/health">Health</Link> shows whether the app and its backend
        are up.
      </p>
    </section>
  );
}
