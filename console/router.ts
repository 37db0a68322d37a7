// The console's routes are paths below /console (the gateway serves the same page for each): history.pushState,
// and a hook that re-renders on navigation.
import { useEffect, useState } from 'preact/hooks';

export function base(): string {
  return document.getElementById('app')?.dataset.base || '/console';
}

/** The path below the console's base ("/" for the estate). */
export function currentRoute(): string {
  const path = location.pathname.startsWith(base()) ? location.pathname.slice(base().length) : '/';
  return path || '/';
}

export function navigate(route: string): void {
  history.pushState(null, '', `${base()}${route}`);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** An in-console link: a real <a href> (keyboard, open in a new tab) that navigates without a reload. */
export function linkProps(route: string) {
  return {
    href: `${base()}${route}`,
    onClick: (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(route);
    },
  };
}
