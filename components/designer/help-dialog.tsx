"use client";

import { Dialog } from "@/components/ui/dialog";
import { CANVAS_KEYS, SHORTCUTS, formatKeys } from "./shortcuts";

function isMac(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
}

export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const mac = isMac();
  const rows = [...SHORTCUTS.map((s) => ({ keys: s.keys, label: s.label })), ...CANVAS_KEYS];
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <table className="w-full text-sm">
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.label}>
              <td className="py-1.5 pr-4 text-slate-700">{r.label}</td>
              <td className="py-1.5 text-right whitespace-nowrap">
                {r.keys.map((k) => (
                  <kbd
                    key={k}
                    className="ml-1 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700"
                  >
                    {formatKeys(k, mac)}
                  </kbd>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-4 flex justify-end">
        <button
          type="button"
          onClick={onClose}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          Close
        </button>
      </div>
    </Dialog>
  );
}
