import type { ReactNode } from "react";
import type { PmJsonNode } from "~/editor/document-text";

/*
 * A section's ProseMirror JSON rendered as React elements (read-only views,
 * print view). Only the node and mark types of the shared extension list are
 * rendered, and React escapes all text: no HTML string is ever injected.
 */

function withMarks(node: PmJsonNode, key: number): ReactNode {
  let out: ReactNode = node.text ?? "";
  for (const mark of node.marks ?? []) {
    if (mark.type === "bold") out = <strong>{out}</strong>;
    else if (mark.type === "italic") out = <em>{out}</em>;
    else if (mark.type === "strike") out = <s>{out}</s>;
    else if (mark.type === "underline") out = <u>{out}</u>;
    else if (mark.type === "link") {
      const href = String(mark.attrs?.href ?? "");
      out = /^(https?:|mailto:)/i.test(href) ? <a href={href} rel="noopener noreferrer nofollow">{out}</a> : out;
    }
  }
  return <span key={key}>{out}</span>;
}

function children(node: PmJsonNode): ReactNode[] {
  return (node.content ?? []).map((child, i) => renderNode(child, i));
}

function renderNode(node: PmJsonNode, key: number): ReactNode {
  switch (node.type) {
    case "text":
      return withMarks(node, key);
    case "hardBreak":
      return <br key={key} />;
    case "paragraph":
      return <p key={key}>{children(node)}</p>;
    case "heading":
      return node.attrs?.level === 4 ? <h5 key={key}>{children(node)}</h5> : <h4 key={key}>{children(node)}</h4>;
    case "bulletList":
      return <ul key={key}>{children(node)}</ul>;
    case "orderedList":
      return <ol key={key}>{children(node)}</ol>;
    case "listItem":
      return <li key={key}>{children(node)}</li>;
    case "blockquote":
      return <blockquote key={key}>{children(node)}</blockquote>;
    default:
      return node.content ? <div key={key}>{children(node)}</div> : null;
  }
}

export function RichText({ json }: { json: PmJsonNode }) {
  return <>{children(json)}</>;
}
