import { Form, NavLink } from "@remix-run/react";
import { ROLE_LABELS, type Role } from "~/permissions/actor";
import type { NavItem } from "./navigation.ts";

export function AppHeader({ user, navigation }: { user: { name: string; role: Role; organizationName: string; unread: number } | null; navigation: NavItem[] }) {
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
              <a href="/cuenta" className="user-box__name" title={`${ROLE_LABELS[user.role]} · ${user.organizationName}`}>
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
