/**
 * The one spelling a username is compared by: lookups, uniqueness, throttle keys and device
 * cookies all use it, so "Ops" and "ops" are the same account everywhere. Unicode is folded to
 * NFKC first so look-alike forms of a letter cannot make a second name.
 */
export function usernameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}
