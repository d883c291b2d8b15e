import { describe, expect, it } from "vitest";
import { hasAmbiguousName, insertMention, mentionQueryAt, resolveTextMentions, suggestPeople, type MentionablePerson } from "~/features/proposals/mentions";
import { NewThreadSchema, ReplySchema } from "~/features/proposals/schema";

const person = (id: string, name: string, email = `${id}@demo.cl`): MentionablePerson => ({ id, name, email });
const javier = person("javier", "Javier Muñoz", "omil.sanfabian@demo.redomil.cl");
const marcela = person("marcela", "Marcela Contreras", "omil.sancarlos@demo.redomil.cl");
const ana = person("ana", "Ana Pérez");
const anaSoto = person("ana-soto", "Ana Pérez Soto");
const rodrigo = person("rodrigo", "Rodrigo Sepúlveda", "dr.nuble@demo.redomil.cl");
const people = [javier, marcela, ana, anaSoto, rodrigo];
const ids = (text: string, list = people) => resolveTextMentions(text, list).map((p) => p.id);

describe("mentions written in a comment", () => {
  it("finds names ignoring accents and case", () => {
    expect(ids("@Javier Muñoz revisa esto")).toEqual(["javier"]);
    expect(ids("@javier munoz revisa esto")).toEqual(["javier"]);
    expect(ids("¿Lo ves, @RODRIGO SEPULVEDA?")).toEqual(["rodrigo"]);
    expect(ids("(@Marcela Contreras)")).toEqual(["marcela"]);
  });

  it("tells apart people with similar names: the longest name that matches wins, and it must end at a word boundary", () => {
    expect(ids("@Ana Pérez Soto, mira")).toEqual(["ana-soto"]);
    expect(ids("@Ana Pérez, mira")).toEqual(["ana"]);
    expect(ids("@Ana Pérez Sotomayor mira")).toEqual(["ana"]);
    expect(ids("@Ana Pérezz mira")).toEqual([]);
    expect(ids("@Ana Pérez y @Ana Pérez Soto")).toEqual(["ana", "ana-soto"]);
  });

  it("leaves an unknown @x, an email address and a lone @ as plain text", () => {
    expect(ids("@Pedro Pascal opina")).toEqual([]);
    expect(ids("escribe a javier@demo.cl o a omil@Javier Muñoz")).toEqual([]);
    expect(ids("@ Javier Muñoz")).toEqual([]);
    expect(ids("@")).toEqual([]);
  });

  it("mentions each person once however many times they are named", () => {
    expect(ids("@Javier Muñoz y otra vez @javier muñoz, y @Marcela Contreras")).toEqual(["javier", "marcela"]);
  });

  it("mentions nobody when two people share the same name (they are picked from the list instead)", () => {
    const twin = person("javier-2", "Javier Munoz");
    expect(ids("@Javier Muñoz", [...people, twin])).toEqual([]);
    expect(hasAmbiguousName(javier, [...people, twin])).toBe(true);
    expect(hasAmbiguousName(javier, people)).toBe(false);
  });
});

describe("suggestions while typing", () => {
  it("reads the mention at the caret", () => {
    expect(mentionQueryAt("Hola @Jav", 9)).toEqual({ start: 5, query: "Jav" });
    expect(mentionQueryAt("Hola @Marcela Con", 17)).toEqual({ start: 5, query: "Marcela Con" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("correo@demo", 11)).toBeNull();
    expect(mentionQueryAt("Hola @Jav. Nada más que decir aquí, de verdad", 45)).toBeNull();
  });

  it("matches name or email without accents, names that start with the query first", () => {
    expect(suggestPeople(people, "mun").map((p) => p.id)).toEqual(["javier"]);
    expect(suggestPeople(people, "SEPÚL").map((p) => p.id)).toEqual(["rodrigo"]);
    expect(suggestPeople(people, "sancarlos").map((p) => p.id)).toEqual(["marcela"]);
    expect(suggestPeople(people, "ana").map((p) => p.id)).toEqual(["ana", "ana-soto"]);
    expect(suggestPeople(people, "zz")).toEqual([]);
    expect(suggestPeople(people, "", 2)).toHaveLength(2);
  });

  it("inserts the picked name followed by one space", () => {
    expect(insertMention("Hola @jav y chao", 5, 9, "Javier Muñoz")).toEqual({ text: "Hola @Javier Muñoz y chao", caret: 19 });
    expect(insertMention("@ma", 0, 3, "Marcela Contreras")).toEqual({ text: "@Marcela Contreras ", caret: 19 });
  });
});

describe("comment schemas", () => {
  it("keep each ticked person once", () => {
    const parsed = ReplySchema.parse({ intent: "reply", threadId: crypto.randomUUID(), body: "Hola", mentionUserIds: ["a", "b", "a"] });
    expect(parsed.mentionUserIds).toEqual(["a", "b"]);
    expect(NewThreadSchema.parse({ intent: "new-thread", sectionKey: "x", body: "Hola @Javier Muñoz" }).mentionUserIds).toEqual([]);
  });
});
