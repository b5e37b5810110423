const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** Admin times are shown in UTC, labelled, so two people comparing notes see the same text. */
export function formatTime(d: Date | null | undefined): string {
  return d ? `${dateTime.format(d)} UTC` : "—";
}

export function isoTime(d: Date | null | undefined): string | undefined {
  return d ? d.toISOString() : undefined;
}

export function humanize(value: string): string {
  return value.replaceAll("_", " ");
}

/** An id short enough for a table cell, keeping its prefix and time-ordered start and its random end: "op_0190a1b…4b5c6d". */
export function shortId(id: string): string {
  return id.length <= 20 ? id : `${id.slice(0, 11)}…${id.slice(-6)}`;
}
