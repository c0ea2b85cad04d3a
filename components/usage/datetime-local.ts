const pad = (n: number) => String(n).padStart(2, "0");

/** A Date as the value of <input type="datetime-local"> (the browser's own time zone). */
export function toDateTimeLocal(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The input's value as a Date in the browser's time zone; undefined when empty. */
export function fromDateTimeLocal(value: string): Date | undefined {
  return value ? new Date(value) : undefined;
}
