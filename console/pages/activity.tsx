// Placeholder until the page is written.
export function ActivityPage(_props: { id?: string }) {
  return <p>Not built yet.</p>;
}
