/** schema.org Event data for public job fairs (search engines and aggregators). */

interface Fair {
  id: string;
  title: string;
  startsAt: string | Date;
  endsAt: string | Date;
  modality: "presencial" | "remota" | "hibrida";
  address: string;
  comunaName: string | null;
  regionName?: string | null;
  onlineUrl: string;
  status: string;
  audience: string;
  hosts: { name: string }[];
}

const MODE = {
  presencial: "https://schema.org/OfflineEventAttendanceMode",
  remota: "https://schema.org/OnlineEventAttendanceMode",
  hibrida: "https://schema.org/MixedEventAttendanceMode",
} as const;

export function fairEvent(f: Fair, baseUrl: string) {
  const place = {
    "@type": "Place",
    name: [f.address, f.comunaName].filter(Boolean).join(", ") || f.comunaName || "Por confirmar",
    address: { "@type": "PostalAddress", streetAddress: f.address || undefined, addressLocality: f.comunaName ?? undefined, addressRegion: f.regionName ?? undefined, addressCountry: "CL" },
  };
  const virtual = f.onlineUrl ? { "@type": "VirtualLocation", url: f.onlineUrl } : undefined;
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    name: f.title,
    startDate: new Date(f.startsAt).toISOString(),
    endDate: new Date(f.endsAt).toISOString(),
    eventAttendanceMode: MODE[f.modality],
    eventStatus: f.status === "reprogramada" ? "https://schema.org/EventRescheduled" : "https://schema.org/EventScheduled",
    location: f.modality === "remota" ? virtual : f.modality === "hibrida" && virtual ? [place, virtual] : place,
    organizer: f.hosts.map((h) => ({ "@type": "Organization", name: h.name })),
    isAccessibleForFree: true,
    description: f.audience ? `Feria laboral. Dirigida a: ${f.audience}` : "Feria laboral organizada por oficinas municipales de empleo (OMIL).",
    url: `${baseUrl}/actividades/${f.id}`,
  };
}

/** The JSON-LD text for a page of fairs, safe inside a <script> element. */
export function fairsJsonLd(fairs: Fair[], baseUrl: string): string {
  const data = fairs.length === 1 ? fairEvent(fairs[0], baseUrl) : { "@context": "https://schema.org", "@graph": fairs.map((f) => fairEvent(f, baseUrl)) };
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
