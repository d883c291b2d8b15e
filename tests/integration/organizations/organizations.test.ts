import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as createAction } from "~/routes/admin.organizaciones.nueva";
import { loader as editLoader } from "~/routes/admin.organizaciones.$orgId";
import { createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };

describe("organizations", () => {
  let ctx: Ctx;
  let adminCookie: string;
  let drCookie: string;
  let otherRegionOmil: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const nc = await createOrganization(db, { kind: "nivel_central", name: "SENCE NC" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16" });
    otherRegionOmil = (await createOrganization(db, { comunaCode: "08101", regionCode: "08" })).id;
    adminCookie = (await signedInActor(db, nc.id, "nc_admin")).cookie;
    drCookie = (await signedInActor(db, dr.id, "dr_staff")).cookie;
  });
  afterAll(async () => ctx.close());

  const create = (cookie: string, form: Record<string, string>) =>
    createAction({ request: requestFor("/admin/organizaciones/nueva", { cookie, form }), params: {}, context }).catch((r: Response) => r) as Promise<Response>;

  it("creates an OMIL and derives its region from the comuna", async () => {
    const response = await create(adminCookie, { kind: "omil", name: "OMIL Quillón", comunaCode: "16107", category: "basica" });
    expect(response.status).toBe(302);
  });

  it("refuses a second OMIL for the same comuna, an unknown comuna and a missing category, keeping the input", async () => {
    const duplicate = await create(adminCookie, { kind: "omil", name: "Otra OMIL Quillón", comunaCode: "16107", category: "basica" });
    expect(duplicate.status).toBe(400);
    const body = await duplicate.json();
    expect(body.result.error.comunaCode[0]).toContain("ya tiene una OMIL registrada");
    expect(body.result.initialValue.name).toBe("Otra OMIL Quillón");

    const unknown = await create(adminCookie, { kind: "omil", name: "OMIL Atlántida", comunaCode: "99999", category: "basica" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).result.error.comunaCode).toEqual(["La comuna no existe. Elige una de la lista."]);

    const missing = await create(adminCookie, { kind: "omil", name: "OMIL Sin Categoría", comunaCode: "16108" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).result.error.category).toEqual(["Elige la categoría de la OMIL."]);
  });

  it("only Nivel Central creates organizations; a DR gets 403", async () => {
    const response = await create(drCookie, { kind: "omil", name: "OMIL Coihueco", comunaCode: "16103", category: "basica" });
    expect(response.status).toBe(403);
  });

  it("answers 404 when a DR opens another region's office", async () => {
    const result = await editLoader({ request: requestFor(`/admin/organizaciones/${otherRegionOmil}`, { cookie: drCookie }), params: { orgId: otherRegionOmil }, context }).catch((r: Response) => r);
    expect((result as Response).status).toBe(404);
  });
});
