import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { calendarNetworkIds } from "~/features/activities/calendar.server";
import { AGREEMENT_STATUS_LABELS, AGREEMENT_STATUS_TONES, agreementDisplayStatus } from "~/features/activities/labels";
import { openAgreements } from "~/features/activities/meetings.server";
import { listNetworksFor } from "~/features/networks/networks.server";
import { formatDay, todayInChile } from "~/utils/dates";
import { TableScroll } from "~/components/table-scroll";
import { Badge } from "~/components/badge";

export const meta: MetaFunction = () => [{ title: "Acuerdos abiertos · Red OMIL" }];

/** Follow-up of the open agreements of every network the person sees. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const visible = await calendarNetworkIds(db, actor);
  const chosen = new URL(request.url).searchParams.get("red") ?? "";
  const ids = chosen && visible.includes(chosen) ? [chosen] : visible;
  const networks = (await listNetworksFor(db, actor)).filter((n) => visible.includes(n.id));
  const names = new Map(networks.map((n) => [n.id, n.name]));
  const rows = (await openAgreements(db, ids)).map((a) => ({ ...a, networkName: names.get(a.networkId) ?? "" }));
  return json({ agreements: rows, networks: networks.map((n) => ({ id: n.id, name: n.name })), chosen, today: todayInChile() });
}

export default function AgreementsPage() {
  const { agreements, networks, chosen, today } = useLoaderData<typeof loader>();
  return (
    <section className="page" aria-labelledby="agreements-title">
      <h1 id="agreements-title">Acuerdos abiertos</h1>
      <Form method="get" className="inline-form">
        <label htmlFor="red">Red</label>
        <select id="red" name="red" defaultValue={chosen}>
          <option value="">Todas</option>
          {networks.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
        <button className="button" type="submit">
          Filtrar
        </button>
      </Form>
      {agreements.length === 0 ? <p>No hay acuerdos abiertos.</p> : null}
      <TableScroll label="Listado de acuerdos">
        <table>
          <thead>
            <tr>
              <th scope="col">Acuerdo</th>
              <th scope="col">Responsable</th>
              <th scope="col">Plazo</th>
              <th scope="col">Estado</th>
              <th scope="col">Red</th>
            </tr>
          </thead>
          <tbody>
            {agreements.map((a) => (
              <tr key={a.id}>
                <td>{a.activityId ? <Link to={`/reuniones/${a.activityId}#acuerdos`}>{a.text}</Link> : a.text}</td>
                <td>{a.ownerOrganizationName ?? a.ownerPerson}</td>
                <td>{formatDay(a.dueOn)}</td>
                <td>
                  <Badge tone={AGREEMENT_STATUS_TONES[agreementDisplayStatus(a, today)]}>{AGREEMENT_STATUS_LABELS[agreementDisplayStatus(a, today)]}</Badge>
                </td>
                <td>{a.networkName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
