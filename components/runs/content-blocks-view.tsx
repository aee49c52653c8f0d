import { Download, ExternalLink, FileText, Music } from "lucide-react";
import { base64Bytes, openableUri, type ContentBlock, type MediaResult } from "@/lib/mcp/content-blocks";
import { JsonView } from "./json-view";

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const link = "inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline";

/** A tool result with images, audio, resources or links: each block as what it is (issue 19). */
export function ContentBlocksView({ value }: { value: MediaResult }) {
  return (
    <div className="space-y-3">
      {value.content.map((block, i) => (
        <div key={i} className="rounded-md p-2 ring-1 ring-slate-200">
          <Block block={block} />
        </div>
      ))}
    </div>
  );
}

function Block({ block }: { block: ContentBlock }) {
  switch (block.type) {
    case "text":
      return <p className="text-sm whitespace-pre-wrap text-slate-800">{block.text}</p>;
    case "image":
      return (
        <figure className="space-y-1">
          <img
            src={dataUrl(block.mimeType, block.data, "image")}
            alt="Image returned by the tool"
            className="max-h-72 max-w-full rounded"
          />
          <figcaption className="text-xs text-slate-600">
            Image ({block.mimeType}, {size(base64Bytes(block.data))}){" "}
            <a href={dataUrl(block.mimeType, block.data, "image")} download="image" className={link}>
              <Download className="h-3.5 w-3.5" aria-hidden /> Download
            </a>
          </figcaption>
        </figure>
      );
    case "audio":
      return (
        <div className="space-y-1">
          <p className="flex items-center gap-1.5 text-xs text-slate-600">
            <Music className="h-3.5 w-3.5" aria-hidden /> Audio ({block.mimeType}, {size(base64Bytes(block.data))})
          </p>
          <audio controls src={dataUrl(block.mimeType, block.data, "audio")} className="w-full" />
        </div>
      );
    case "resource_link": {
      const href = openableUri(block.uri);
      const label = block.title ?? block.name ?? block.uri;
      return (
        <p className="text-sm text-slate-800">
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer nofollow" className={link}>
              <ExternalLink className="h-4 w-4" aria-hidden /> {label}
            </a>
          ) : (
            <span className="font-medium">{label}</span>
          )}{" "}
          <span className="text-xs text-slate-500">
            resource link{block.mimeType ? `, ${block.mimeType}` : ""}
            {href ? "" : ` (${block.uri})`}
          </span>
        </p>
      );
    }
    case "resource": {
      const r = block.resource;
      return (
        <div className="space-y-1">
          <p className="flex items-center gap-1.5 text-xs text-slate-600">
            <FileText className="h-3.5 w-3.5" aria-hidden /> Embedded resource {r.uri}
            {r.mimeType ? ` (${r.mimeType})` : ""}
          </p>
          {r.text !== undefined ? (
            <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap">{r.text}</pre>
          ) : r.blob !== undefined ? (
            <a href={dataUrl(r.mimeType, r.blob, "download")} download="resource" className={link}>
              <Download className="h-4 w-4" aria-hidden /> Download ({size(base64Bytes(r.blob))})
            </a>
          ) : (
            <JsonView value={r} />
          )}
        </div>
      );
    }
  }
}

/**
 * A `data:` URL for a block's bytes. The MIME type comes from the MCP server: only a plain `image/…` or `audio/…`
 * type is used as given (anything else would let a server choose how the browser treats the bytes); downloads
 * are always octet streams.
 */
export function dataUrl(mimeType: string | undefined, base64: string, kind: "image" | "audio" | "download"): string {
  const plain = kind !== "download" && new RegExp(`^${kind}/[\\w.+-]+$`).test(mimeType ?? "");
  return `data:${plain ? mimeType : "application/octet-stream"};base64,${base64}`;
}
