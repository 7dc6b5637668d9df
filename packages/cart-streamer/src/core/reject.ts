/** The cart id of a record that failed validation, when it can still be read (`5` or `"5"`). */
export function rejectedCartId(record: unknown): number | undefined {
  if (record === null || typeof record !== 'object' || !('id' in record)) return undefined;
  const id: unknown = record.id;
  const number = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}
