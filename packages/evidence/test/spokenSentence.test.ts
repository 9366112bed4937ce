import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { checkSpokenSentence, SENTENCES, sentenceKind } from "../src/spokenSentence.js";

const CERTIFY = SENTENCES.certification.english;

describe("spoken sentences on a transcript", () => {
  it("the sentence itself, and with talk before and after (policy v2 3.H)", () => {
    expect(checkSpokenSentence(CERTIFY, "certification")).toEqual({
      ok: true,
      sentence: "certification",
      language: "english",
      edits: 0,
      allowed: 4,
      said: "i certify that i am a real human and that i am not already registered in this registry",
    });
    const chatty = `Hello everyone, my name is Alice. ${CERTIFY}. Thanks, bye!`;
    expect(checkSpokenSentence(chatty, "certification")).toMatchObject({ ok: true, edits: 0 });
    expect(checkSpokenSentence(chatty, "certification").said).toBe(
      "i certify that i am a real human and that i am not already registered in this registry",
    );
  });

  it("the policy's revocation example: 'remove' for 'revoke' and 'own' left out is accepted", () => {
    const said = "I want to remove my submission from the Proof of Humanity Registry.";
    expect(checkSpokenSentence(said, "revocation")).toMatchObject({ ok: true, edits: 2, allowed: 3 });
  });

  it("switched and left-out words are tolerated in English (policy v2 3.I), up to a quarter of the words", () => {
    const switched = "I certify that I am a human real and that I am not already registered in this registry";
    expect(checkSpokenSentence(switched, "certification")).toMatchObject({ ok: true, edits: 1 });
    const sloppy = "I certify I am real human and that I'm not already registered in this registry";
    // left out: "that", "a"; "I'm" is read as "i m", one different word
    expect(checkSpokenSentence(sloppy, "certification")).toMatchObject({ ok: true, edits: 3 });
    const tooSloppy = "I certify am real human and I'm not registered in registry";
    expect(checkSpokenSentence(tooSloppy, "certification").ok).toBe(false);
  });

  it("a different sentence is refused: the renewal sentence is not the certification, nor the reverse", () => {
    expect(checkSpokenSentence(SENTENCES.renewal.english, "certification").ok).toBe(false);
    expect(checkSpokenSentence(CERTIFY, "renewal").ok).toBe(false);
    expect(checkSpokenSentence(SENTENCES.renewal.english, "renewal")).toMatchObject({ ok: true, edits: 0 });
    expect(checkSpokenSentence("I am a robot and I want tokens", "certification").ok).toBe(false);
    expect(checkSpokenSentence("", "revocation")).toMatchObject({ ok: false, said: "" });
  });

  it("the Spanish alternative (policy v1): accents and left-out words are fine, a different word is not", () => {
    const spanish = SENTENCES.certification.spanish;
    expect(checkSpokenSentence(spanish, "certification")).toMatchObject({ ok: true, language: "spanish", edits: 0 });
    const casual = "Certifico que soy una persona humana real y que no estoy en este registro";
    expect(checkSpokenSentence(casual, "certification")).toMatchObject({ ok: true, language: "spanish", edits: 1 });
    const accented = "CERTIFICÓ QUE SOY UNA PERSONA HUMANA REAL Y QUE NO ESTOY ACTUALMENTE EN ESTE REGISTRO";
    expect(checkSpokenSentence(accented, "certification")).toMatchObject({ ok: true, edits: 0 });
    // A mispronounced word cannot be skipped inside the sentence: only the words after it would align.
    const mispronounced = "Certifico que soy una persona humano real y que no estoy actualmente en este registro";
    expect(checkSpokenSentence(mispronounced, "certification", "spanish")).toMatchObject({ ok: false, edits: 6 });
    // Tried in every language (no --lang), it is refused too.
    expect(checkSpokenSentence(mispronounced, "certification").ok).toBe(false);
  });

  it("refuses an unknown sentence and a language the sentence does not have", () => {
    expect(() => sentenceKind("greeting")).toThrow(
      new InputError("sentence must be one of certification, renewal, revocation, not greeting"),
    );
    expect(() => checkSpokenSentence("hola", "renewal", "spanish")).toThrow(
      new InputError("the renewal sentence has no spanish form"),
    );
  });
});
