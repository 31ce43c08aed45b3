/** "12 mars 2026" */
export function frenchDate(iso: string): string {
  return new Date(iso).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
}

/** "12 mars 2026 à 14 h 05" */
export function frenchDateTime(iso: string): string {
  const d = new Date(iso);
  const time = d
    .toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' })
    .replace(':', ' h ');
  return `${frenchDate(iso)} à ${time}`;
}
