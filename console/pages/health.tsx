// Placeholder until the page is written.
export function HealthPage(_props: { id?: string }) {
  return <p>Not built yet.</p>;
}
