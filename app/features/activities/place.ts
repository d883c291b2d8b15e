/** Where an activity happens, as one line: the address and comuna, the online link, or both. */
export function activityLocation(a: { modality: "presencial" | "remota" | "hibrida"; address: string; comunaName: string | null; onlineUrl: string }): string {
  const place = [a.address, a.comunaName].filter(Boolean).join(", ");
  if (a.modality === "remota") return a.onlineUrl;
  if (a.modality === "hibrida") return [place, a.onlineUrl].filter(Boolean).join(" · ");
  return place;
}
