// Placeholder until the page is written.
export function PlansPage(_props: { id?: string }) {
  return <p>Not built yet.</p>;
}
