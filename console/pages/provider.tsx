// Placeholder until the page is written.
export function ProviderPage(_props: { id?: string }) {
  return <p>Not built yet.</p>;
}
