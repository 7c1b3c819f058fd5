/** The app's tabs and their place in the URL hash (`#simulate`), so a link or reload opens the same tab. */
export const TAB_IDS = Object.freeze(['predict', 'simulate', 'cost', 'model', 'reproduce', 'data'] as const);

export type TabId = (typeof TAB_IDS)[number];

export const DEFAULT_TAB: TabId = 'predict';

export function tabFromHash(hash: string): TabId {
  const name = hash.replace(/^#\/?/, '');
  return (TAB_IDS as readonly string[]).includes(name) ? (name as TabId) : DEFAULT_TAB;
}

/** Returns the tab reached from `current` by a key press in the tab list, or null for other keys. */
export function tabForKey(current: TabId, key: string): TabId | null {
  const index = TAB_IDS.indexOf(current);
  const last = TAB_IDS.length - 1;
  switch (key) {
    case 'ArrowRight':
      return TAB_IDS[index === last ? 0 : index + 1]!;
    case 'ArrowLeft':
      return TAB_IDS[index === 0 ? last : index - 1]!;
    case 'Home':
      return TAB_IDS[0]!;
    case 'End':
      return TAB_IDS[last]!;
    default:
      return null;
  }
}
