"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { API, resourceKey } from "@/lib/api";
import { useSession } from "@/lib/auth";
import { hasRole } from "@/lib/jwt";
import { canSpeak, listenOnce, recognitionCtor, speak } from "@/lib/speech";
import { ProblemError, type Problem } from "@/lib/problem";
import { openStream } from "@/lib/sse";
import type { Action, ChatMessage, ChatReply } from "@/lib/types";
import { ErrorBox, shortId } from "./common";

type Turn = ChatMessage & { reply?: ChatReply; streaming?: boolean };

const SUGGESTIONS = ["What is our posture?", "What are the top risks?", "What is awaiting approval?", "What changed?"];

const noSubscription = () => () => {};

export function citationHref(id: string): string {
  return id.startsWith("f-") ? `/findings?finding=${encodeURIComponent(id)}` : `/resource?key=${resourceKey(id)}`;
}

export function Assistant() {
  const { token, call, principal } = useSession();
  const router = useRouter();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [voiceNote, setVoiceNote] = useState<string | null>(null);
  const [listening, setListening] = useState(false);
  const [speakAnswers, setSpeakAnswers] = useState(false);
  const [voiceFailed, setVoiceFailed] = useState(false);
  // what the browser offers; the static pre-render has no window, so it says "no voice" there
  const offersListen = useSyncExternalStore(noSubscription, () => recognitionCtor() !== null, () => false);
  const offersSpeech = useSyncExternalStore(noSubscription, () => canSpeak(), () => false);
  const voice = { listen: offersListen && !voiceFailed, speak: offersSpeech };
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  async function ask(question: string) {
    const q = question.trim();
    if (!q || busy) return;
    setError(null);
    setInput("");
    const history: ChatMessage[] = [...turns.map(({ role, content }) => ({ role, content })), { role: "user", content: q }];
    setTurns((t) => [...t, { role: "user", content: q }, { role: "assistant", content: "", streaming: true }]);
    setBusy(true);
    abort.current = new AbortController();
    let final: ChatReply | null = null;
    await openStream(`${API}/assistant/chat`, {
      token,
      method: "POST",
      body: { messages: history },
      reconnect: false,
      signal: abort.current.signal,
      onFatal: (e) => setError(e),
      onEvent: (e) => {
        if (e.event === "token") {
          const { text } = JSON.parse(e.data) as { text: string };
          setTurns((t) => t.map((x, i) => (i === t.length - 1 ? { ...x, content: x.content + text } : x)));
        } else if (e.event === "error") {
          // the stream was already open when the server failed: the problem arrives as an event
          const problem = JSON.parse(e.data) as Problem;
          setError(new ProblemError(problem.status ?? 500, problem));
        } else if (e.event === "done") {
          final = JSON.parse(e.data) as ChatReply;
          const reply = final;
          setTurns((t) => t.map((x, i) => (i === t.length - 1 ? { ...x, content: reply.reply, reply, streaming: false } : x)));
        }
      },
    });
    setTurns((t) => t.filter((x) => !(x.streaming && x.content === "")).map((x) => ({ ...x, streaming: false })));
    setBusy(false);
    const answered: ChatReply | null = final;
    if (answered && speakAnswers) speak((answered as ChatReply).reply);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void ask(input);
  }

  async function listen() {
    const ctor = recognitionCtor();
    if (!ctor) return;
    setVoiceNote(null);
    setListening(true);
    try {
      const heard = await listenOnce(ctor).done;
      setInput(heard);
      void ask(heard);
    } catch (err) {
      // degrade to text: say why, keep the text box
      setVoiceNote(err instanceof Error ? err.message : String(err));
      setVoiceFailed(true);
    } finally {
      setListening(false);
    }
  }

  async function proposeDryRun(findingId: string) {
    setError(null);
    try {
      const a = await call<Action>("/actions", { method: "POST", body: { finding_id: findingId, dry_run: true, reason: "proposed by the assistant" } });
      router.push(`/actions?id=${encodeURIComponent(a.id)}`);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <main id="main">
      <h1>Assistant</h1>
      <p className="muted" data-testid="voice-status">
        {voice.listen ? "Voice input is available: use the microphone button." : "Voice input is not available in this browser; type your question."}
        {voice.speak ? " Answers can be read aloud." : ""}
      </p>
      <section className="card chat" aria-label="Conversation" aria-live="polite">
        {turns.length === 0 ? (
          <div className="row">
            {SUGGESTIONS.map((s) => <button key={s} onClick={() => void ask(s)} disabled={busy}>{s}</button>)}
          </div>
        ) : null}
        {turns.map((t, i) => (
          <div key={i} className={`msg ${t.role}`} data-testid={t.role === "assistant" ? "assistant-message" : "user-message"} aria-busy={t.streaming}>
            {t.content || (t.streaming ? "…" : "")}
            {t.reply ? (
              <div style={{ marginTop: 8 }}>
                <span className="badge">{t.reply.source === "ai" ? "AI" : "local analyst"}</span>
                {t.reply.citations.length > 0 ? (
                  <div className="row" style={{ marginTop: 6 }}>
                    <span className="muted">Sources:</span>
                    {t.reply.citations.map((c) => <Link key={c} href={citationHref(c)} title={c}>{shortId(c)}</Link>)}
                  </div>
                ) : null}
                {t.reply.suggested_actions.filter((s) => s.finding_id).length > 0 && hasRole(principal, "operator") ? (
                  <div className="row" style={{ marginTop: 6 }}>
                    {t.reply.suggested_actions.filter((s) => s.finding_id).map((s) =>
                      s.action_id ? (
                        <Link key={s.finding_id} className="button" href={`/actions?id=${encodeURIComponent(s.action_id)}`}>
                          Open the proposed dry-run{s.handler ? ` (${s.handler})` : ""}
                        </Link>
                      ) : (
                        <button key={s.finding_id} onClick={() => void proposeDryRun(s.finding_id ?? "")}>
                          Propose dry-run{s.handler ? ` (${s.handler})` : ""}
                        </button>
                      ),
                    )}
                  </div>
                ) : null}
              </div>
            ) : null}
          </div>
        ))}
      </section>
      <ErrorBox error={error} title="The assistant could not answer" />
      {voiceNote ? <p className="notice" role="status">{voiceNote}</p> : null}
      <form onSubmit={onSubmit} className="row" style={{ marginTop: 12 }}>
        <label style={{ flex: 1 }}>
          Your question
          <input value={input} onChange={(e) => setInput(e.target.value)} disabled={busy} placeholder="Ask about posture, risks, findings of a type…" />
        </label>
        <button type="submit" className="primary" disabled={busy || !input.trim()}>Ask</button>
        {voice.listen ? (
          <button type="button" onClick={() => void listen()} disabled={busy || listening} aria-label="Ask by voice">
            {listening ? "Listening…" : "🎤 Speak"}
          </button>
        ) : null}
        {voice.speak ? (
          <label className="inline">
            <input type="checkbox" checked={speakAnswers} onChange={(e) => setSpeakAnswers(e.target.checked)} />
            Read answers aloud
          </label>
        ) : null}
      </form>
    </main>
  );
}
