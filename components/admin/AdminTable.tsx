import type { ReactNode } from "react";

export interface AdminColumn {
  label: ReactNode;
  align?: "right";
}

/**
 * The admin's data table: a captioned table in a keyboard-scrollable region (so wide
 * tables stay usable at 375 px), with the shared header styling. Rows come as children.
 */
export function AdminTable(props: {
  id: string;
  caption: ReactNode;
  columns: AdminColumn[];
  children: ReactNode;
  className?: string;
  emphasizeCaption?: boolean;
  alignTop?: boolean;
}) {
  const captionId = `${props.id}-caption`;
  return (
    <div role="region" aria-labelledby={captionId} tabIndex={0} className={`${props.className ?? ""} overflow-x-auto rounded-lg border border-slate-200 bg-white`}>
      <table className="min-w-full text-left text-sm">
        <caption id={captionId} className={`px-4 py-3 text-left text-sm ${props.emphasizeCaption ? "font-semibold text-slate-800" : "text-slate-700"}`}>
          {props.caption}
        </caption>
        <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {props.columns.map((c, i) => (
              <th key={i} scope="col" className={`px-4 py-2${c.align === "right" ? " text-right" : ""}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={`divide-y divide-slate-100${props.alignTop ? " align-top" : ""}`}>{props.children}</tbody>
      </table>
    </div>
  );
}
