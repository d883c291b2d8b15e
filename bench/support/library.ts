/** The bench library: a fixed-seed generator of practices and the query mix it is searched with. */
import type { openDatabase } from "~/db/client.server";
import { practices } from "~/db/schema";
import { richFromText } from "~/features/practices/content.server";
import { loadPracticeTaxonomies } from "~/features/practices/taxonomies.server";

/** A fixed query mix: words, typos, no accents, synonyms, filters, sorting, pages. */
export const QUERY_MIX = [
  "q=feria+laboral",
  "q=alcalde",
  "q=colocasion",
  "q=nuble",
  "q=apresto",
  "q=oficina+municipal+de+informacion+laboral",
  "q=empresas&ambito=articulacion-empresas-gremios",
  "q=taller+remoto&region=16",
  "ambito=articulacion-entre-comunas&beneficiario=buscadores-empleo",
  "q=mesa+intersectorial&orden=fecha",
  "q=capacitacion&anio=2024&page=2",
  "",
  "q=terapeuta+ocupacional",
  "q=whatsapp+coordinacion&tipo=red_territorial",
  "q=vinculacion+empresas+rurales&page=3",
  "q=fondos+concursables+bases",
];

/** Small deterministic PRNG (mulberry32) so every run generates the same library. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = ["Feria laboral", "Taller de apresto laboral", "Reunión con el alcalde", "Mesa intersectorial", "Encuentro empresarial", "Visitas a empresas", "Ruta de colocación", "Bolsa de empleo", "Capacitación en oficios", "Terapeuta ocupacional compartida", "Coordinación de la red", "Seguimiento de personas colocadas"];
const PLACES = ["Chillán", "San Carlos", "Ñiquén", "San Fabián", "Coihueco", "Quillón", "Valdivia", "Osorno", "Temuco", "Talca", "Curicó", "Rancagua", "Valparaíso", "Punta Arenas", "Copiapó", "La Serena", "Concepción", "Los Ángeles"];
const SENTENCES = [
  "La oficina municipal coordinó a las empresas del territorio para ofrecer vacantes de temporada.",
  "Las personas buscadoras de empleo recibieron orientación laboral y preparación para entrevistas.",
  "El equipo OMIL registró cada atención en la Bolsa Nacional de Empleo para no duplicar el trabajo.",
  "La Dirección Regional acompañó la planificación y revisó los resultados con la red territorial.",
  "Se organizaron talleres remotos grabados para las comunas con poca conectividad.",
  "Los gremios locales aportaron espacios y difundieron la convocatoria entre sus socios.",
  "La colocación de personas aumentó respecto del año anterior según los registros de la oficina.",
  "El municipio facilitó transporte para que las personas de sectores rurales pudieran asistir.",
  "La red acordó metas comunes y un calendario de actividades para todo el año.",
  "Se presentó al alcalde un resumen breve con las cifras de la oficina y sus necesidades.",
  "Las mesas intersectoriales sumaron a SENADIS, SENDA y SERNAMEG en la derivación de casos.",
  "La vinculación con empresas se sostuvo con visitas periódicas y un registro de compromisos.",
];

export async function generatePractices(db: Awaited<ReturnType<typeof openDatabase>>["db"], count: number) {
  const random = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const taxonomies = await loadPracticeTaxonomies(db);
  const regionCodes = ["05", "07", "08", "09", "10", "12", "13", "14", "16"];
  const text = (n: number) => Array.from({ length: n }, () => pick(SENTENCES)).join(" ");
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
      const i = start + k;
      const ambitos = [...new Set([pick(taxonomies.ambitos).slug, pick(taxonomies.ambitos).slug])];
      const content = Object.fromEntries(
        ["effectiveness", "replicability", "origin", "benefits", "impact", "implementation", "difficulties", "peopleInvolved", "needs", "improvements"].map((key) => [key, richFromText(text(2 + Math.floor(random() * 3)))]),
      );
      return {
        slug: `bench-${i}`,
        status: random() < 0.9 ? ("published" as const) : ("draft" as const),
        title: `${pick(TOPICS)} en ${pick(PLACES)} ${i}`,
        organizationName: `OMIL de ${pick(PLACES)}`,
        organizationType: pick(["omil", "red_territorial", "direccion_regional"] as const),
        regionCode: pick(regionCodes),
        year: 2015 + Math.floor(random() * 12),
        ambitos,
        beneficiarios: [pick(taxonomies.beneficiarios).slug],
        content,
        publishedAt: new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000),
      };
    });
    await db.insert(practices).values(rows);
  }
}
