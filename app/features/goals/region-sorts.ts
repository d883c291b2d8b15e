/** Columns the regional table can be sorted by (`?orden=`), shared by the loader and the page. */
export const REGION_SORTS = {
  nombre: "Nombre de la red",
  avance: "Avance validado",
  ritmo: "Ritmo frente a lo esperado",
  atrasadas: "Metas atrasadas",
} as const;
export type RegionSort = keyof typeof REGION_SORTS;
