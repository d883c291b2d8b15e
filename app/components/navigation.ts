import type { Actor } from "~/permissions/actor";

export interface NavItem {
  to: string;
  label: string;
}

/** The main navigation for each kind of person; features add their entries here. */
export function navigationFor(actor: Actor | null): NavItem[] {
  const publicItems: NavItem[] = [
    { to: "/buenas-practicas", label: "Buenas prácticas" },
    { to: "/ferias", label: "Ferias laborales" },
  ];
  if (!actor) return publicItems;
  const items: NavItem[] = [
    { to: "/inicio", label: "Inicio" },
    { to: "/redes", label: "Redes" },
    { to: "/actividades", label: "Actividades" },
    { to: "/propuestas", label: "Propuestas" },
    { to: "/metas", label: "Metas" },
    { to: "/buenas-practicas", label: "Buenas prácticas" },
  ];
  if (actor.role === "nc_admin" || actor.role === "dr_staff" || actor.role === "omil_lead") {
    items.push({ to: "/admin", label: "Administración" });
  }
  if (actor.role === "nc_admin" || actor.role === "dr_staff") items.push({ to: "/auditoria", label: "Auditoría" });
  return items;
}
