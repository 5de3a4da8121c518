/**
 * Whether a shared place's coordinates are on the Earth. A signed payload
 * may still carry 1e308 (a tester's, or a provider's bug): a map link made
 * from it leads nowhere, so the place is kept in words without one.
 */
export function onEarth(latitude: number, longitude: number): boolean {
  return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
}
