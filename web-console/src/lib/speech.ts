// The browser's Web Speech API where it exists; the assistant degrades to text where it does not
// (headless Chromium has no recognition service, Firefox no SpeechRecognition at all).

type Recognition = {
  lang: string;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((e: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
  start: () => void;
  stop: () => void;
};
type RecognitionCtor = new () => Recognition;

export function recognitionCtor(w: unknown = typeof window === "undefined" ? undefined : window): RecognitionCtor | null {
  if (!w) return null;
  const g = w as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor };
  return g.SpeechRecognition ?? g.webkitSpeechRecognition ?? null;
}

export function canSpeak(w: unknown = typeof window === "undefined" ? undefined : window): boolean {
  const g = w as { speechSynthesis?: unknown; SpeechSynthesisUtterance?: unknown } | undefined;
  return !!g?.speechSynthesis && !!g.SpeechSynthesisUtterance;
}

/** Listens once; resolves with the transcript, rejects with a readable reason (no service, denied, silence). */
export function listenOnce(ctor: RecognitionCtor, lang = "en-US"): { done: Promise<string>; stop: () => void } {
  const r = new ctor();
  r.lang = lang;
  r.interimResults = false;
  r.maxAlternatives = 1;
  const done = new Promise<string>((resolve, reject) => {
    let heard = "";
    r.onresult = (e) => {
      heard = e.results[0]?.[0]?.transcript ?? "";
    };
    r.onerror = (e) => reject(new Error(REASONS[e.error] ?? `voice input failed (${e.error})`));
    r.onend = () => (heard ? resolve(heard) : reject(new Error("No speech was heard; type your question instead.")));
  });
  r.start();
  return { done, stop: () => r.stop() };
}

const REASONS: Record<string, string> = {
  network: "This browser's speech recognition service is not reachable; type your question instead.",
  "not-allowed": "Microphone access was denied; type your question instead.",
  "service-not-allowed": "This browser offers no speech recognition service; type your question instead.",
  "audio-capture": "No microphone was found; type your question instead.",
  "no-speech": "No speech was heard; type your question instead.",
};

export function speak(text: string): void {
  if (!canSpeak()) return;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}
