import { Form, NavLink } from "@remix-run/react";
import type { NavItem } from "./navigation.ts";

/** The signed-in person as the header shows them; the role comes labelled from the server (no label table in every page's JavaScript). */
export interface HeaderUser {
  /** Keys the offline cache per person (OfflineStatus). */
  id: string;
  name: string;
  roleLabel: string;
  organizationName: string;
  unread: number;
}

export function AppHeader({ user, navigation }: { user: HeaderUser | null; navigation: NavItem[] }) {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <a href={user ? "/inicio" : "/"} className="brand">
          Red OMIL
        </a>
        <nav aria-label="Principal">
          <ul className="nav-list">
            {navigation.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user-box">
          {user ? (
            <>
              <a href="/cuenta" className="user-box__name" title={`${user.roleLabel} · ${user.organizationName}`}>
                {user.name}
                <span className="user-box__org">{user.organizationName}</span>
              </a>
              <a href="/notificaciones" className="user-box__link">
                Notificaciones
                {user.unread > 0 ? (
                  <>
                    {" "}
                    <span className="badge" aria-hidden="true">
                      {user.unread}
                    </span>
                    <span className="visually-hidden">({user.unread} sin leer)</span>
                  </>
                ) : null}
              </a>
              <Form method="post" action="/salir">
                <button type="submit" className="button button--ghost">
                  Cerrar sesión
                </button>
              </Form>
            </>
          ) : (
            <a className="button" href="/ingresar">
              Ingresar
            </a>
          )}
        </div>
      </div>
    </header>
  );
}
