import { describe, expect, it } from "vitest";
import { comunaRegionSynonyms, inferPlace, inferYear, placeWords } from "~/features/practices/places";
import { meaningfulWords } from "~/features/practices/search/stop-words";

describe("where a write-up comes from", () => {
  it("prefers «Región de …» and «Dirección Regional de …», then region names, then comunas", () => {
    const place = inferPlace("La Dirección Regional de Valparaíso coordinó con las OMIL de Quillota y La Calera.");
    expect(place.regionCode).toBe("05");
    expect(place.unsure).toBe(false);
    expect(place.comunaCodes).toEqual(["05501", "05502"]);
    expect(place.reason).toMatch(/Región de Valparaíso: el texto dice «Regional de Valparaíso»/);
  });

  it("is unsure when two regions weigh about the same, and lists both", () => {
    const place = inferPlace("Visita de la Región del Maule a la Región de Ñuble.");
    expect(place.unsure).toBe(true);
    expect(place.candidates.map((c) => c.regionCode).sort()).toEqual(["07", "16"]);
  });

  it("reads no region from lower-case words that happen to be comunas, nor from nothing", () => {
    expect(inferPlace("Un mejor porvenir para la calera de la zona.").regionCode).toBeNull();
    const none = inferPlace("La OMIL se reunió con el alcalde.");
    expect(none.regionCode).toBeNull();
    expect(none.reason).toMatch(/no nombra ninguna región/);
  });

  it("reads region numbers as older write-ups give them («X Región», «Región V»)", () => {
    expect(inferPlace("La X Región organizó la feria.")).toMatchObject({ regionCode: "10", unsure: false });
    expect(inferPlace("Trabajo de la Región V con la OMIL de Quillota.")).toMatchObject({ regionCode: "05", comunaCodes: ["05501"], unsure: false });
    // A lower-case letter is not a region number.
    expect(inferPlace("la v región").regionCode).toBeNull();
  });

  it("asks when the only clue is one comuna named once (it may be a word or a person's name)", () => {
    const place = inferPlace("Según la Constitución, el trabajo es un derecho.");
    expect(place).toMatchObject({ regionCode: "07", unsure: true });
    expect(place.reason).toMatch(/solo nombra «Constitución», una vez/);
    expect(inferPlace("La OMIL de Castro y la OMIL de Ancud.").unsure).toBe(false);
  });

  it("quotes the date with whole words from its own line", () => {
    expect(inferYear("Organización: OMIL de San Antonio\nEn 2021 la OMIL hizo talleres.").reason).toBe("2021: el texto dice «En 2021».");
    // Thirty characters back fall inside «comuna»: the quote starts at the next word.
    expect(inferYear("Las OMIL de la gran comuna trabajan desde enero de 2024.").reason).toBe("2024: el texto dice «…trabajan desde enero de 2024».");
  });

  it("takes the latest year mentioned, unsure when there are several", () => {
    expect(inferYear("Se realizó en marzo de 2023.")).toMatchObject({ year: 2023, unsure: false });
    expect(inferYear("Empezó en 2019 y siguió el 15/04/2021.")).toMatchObject({ year: 2021, unsure: true });
    expect(inferYear("Sin fechas, 3000 personas, 12345.", new Date("2026-01-01"))).toMatchObject({ year: null });
  });
});

describe("search words for places and stop words", () => {
  it("indexes region everyday names, comunas with aliases and provinces", () => {
    const words = placeWords("06", ["06101"]);
    expect(words).toEqual(expect.arrayContaining(["Región del Libertador General Bernardo O'Higgins", "O'Higgins", "Rancagua", "provincia de Cachapoal"]));
  });

  it("maps comunas to their region (one way), but not a comuna named like its region", () => {
    const synonyms = comunaRegionSynonyms();
    expect(synonyms["chillán"]).toEqual(["ñuble"]);
    expect(synonyms["valparaíso"]).toBeUndefined();
  });

  it("keeps only words that say something", () => {
    expect(meaningfulWords("¿Cómo hago una feria laboral?")).toEqual(["feria", "laboral"]);
    expect(meaningfulWords("¿¡de la, que!?")).toEqual([]);
  });
});
