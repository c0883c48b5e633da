import { useCallback, useEffect, useRef, useState } from "react";
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useFetcher, useNavigate } from "@remix-run/react";
import type { ReviewRoomView } from "../../../domain/examination/review-room.view";
import type { ExpertPanelView } from "../../../domain/experts/expert-view";
import type { CoExaminerView } from "../../../domain/examination/co-examiners";
import type { ThreadSummary } from "../../../domain/threads/thread-view.service";
import type { MessageKey } from "../../../domain/i18n/translate";
import type { CommitteeMarkedEvent, CommitteeProposedEvent } from "../../../collab/shared/events";
import type { IndicatorDecision } from "../../../domain/examination/decision";
import { STATUS_LABEL_KEYS } from "../../../domain/dossiers/status-machine";
import { DELAY_STAGE_LABEL_KEYS } from "../../../domain/delays/delay-rules";
import { formatDate } from "../../../domain/i18n/format";
import { t } from "../../i18n";
import { Breadcrumb } from "../ui/breadcrumb";
import { Badge } from "../ui/badge";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Textarea } from "../ui/field";
import { ReplyMessages, isDone, replyFor, type FormReplyData } from "../ui/field-error";
import { CoExaminersPanel } from "../funder/co-examiners-panel";
import { LabelEditor } from "../funder/label-editor";
import { useReviewShortcuts } from "../funder/use-review-shortcuts";
import { ReviewNotes } from "../live/review-notes";
import { IndicatorThreadCard } from "../threads/funder-threads";
import { RoomRail, indicatorUrl } from "./room-rail";
import { IndicatorMain } from "./indicator-main";
import { RevisionPanel } from "./revision-panel";
import { DecisionForm, type CommitteeFormProps } from "./decision-form";
import { ShortcutsHelp } from "./shortcuts-help";
import { RoomPresence } from "./room-presence";
import { CommitteeBar } from "./committee-bar";
import { useRoomLive } from "./use-room-live";
import { ExpertPanel } from "./expert-panel";

type Outcome = "declare_datadocke" | "send_back" | "close_non_conforme";

export interface ReviewRoomProps {
  room: SerializeFrom<ReviewRoomView>;
  /** Expert opinions (issue 15.7): the dossier's requests and threads; null when the actor may not read them. */
  experts: SerializeFrom<ExpertPanelView> | null;
  canDecide: boolean;
  isDeciderElsewhere: boolean;
  coExaminers: {
    list: SerializeFrom<CoExaminerView>[];
    candidates: { id: string; name: string; funderName: string }[];
    canManage: boolean;
  };
  canTake: boolean;
  examiners: { id: string; name: string; funderName: string }[];
  me: { id: string; name: string };
  notesEditable: boolean;
  threadSummary: SerializeFrom<ThreadSummary> | null;
  blockers: Record<Outcome, MessageKey[]>;
  /** The funder's own labels on this dossier and all of them (issue 15.4); null for the coordination. */
  labels: { on: { id: string; name: string }[]; all: { id: string; name: string }[] } | null;
  reply: FormReplyData | undefined;
  busy: boolean;
}

const CLOSED_NEXT: Partial<Record<string, MessageKey>> = {
  datadocke: "room.closed.datadocke",
  a_completer: "room.closed.a_completer",
  non_conforme: "room.closed.non_conforme",
};

/**
 * The review room (issue 13): the rail of indicators, the selected indicator (answer, evidence,
 * corrective actions, circuit court) and, beside it, the decision, the indicator's thread and its part
 * of the shared notes. Live: presence per indicator, committee moves and marks, data reloaded when
 * the dossier changes (never the reviewer's draft: see DecisionForm).
 */
export function ReviewRoom(props: ReviewRoomProps) {
  const { room, canDecide, me } = props;
  const selected = room.selected;
  const code = selected?.code ?? null;
  const navigate = useNavigate();
  const dossierId = room.dossier.id;

  // Committee (decision record 035): the chair moves everyone; members follow unless they step away.
  const committee = room.committee;
  const isChair = !!committee && committee.chairId === me.id;
  const [away, setAway] = useState(false);
  const [chairAt, setChairAt] = useState<string | null>(null);
  const [marks, setMarks] = useState<CommitteeMarkedEvent[]>([]);
  const following = !!committee && !isChair && !away;
  const followingRef = useRef(following);
  followingRef.current = following;
  const onMoved = useCallback(
    (event: { indicatorCode: string }) => {
      setChairAt(event.indicatorCode);
      if (followingRef.current) navigate(indicatorUrl(event.indicatorCode), { preventScrollReset: true });
    },
    [navigate],
  );
  // The decision the chair puts to the members, per indicator (live, committee:proposed).
  const [proposals, setProposals] = useState<ReadonlyMap<string, IndicatorDecision>>(new Map());
  const onProposed = useCallback((event: CommitteeProposedEvent) => {
    setProposals((map) => new Map(map).set(event.indicatorCode, event.decision));
  }, []);
  const onMarked = useCallback((event: CommitteeMarkedEvent) => {
    setMarks((list) => [...list.filter((m) => !(m.userId === event.userId && m.indicatorCode === event.indicatorCode)), event]);
  }, []);
  const { socket, connected, members } = useRoomLive(dossierId, code, { onMoved, onProposed, onMarked });

  // The chair's moves reach the members. Right after (re)connecting, the join may not be done yet
  // (the server answers "forbidden" until it is): asked again a few times.
  useEffect(() => {
    if (!isChair || !socket || !connected || !code) return;
    let cancelled = false;
    const send = (attempt: number) =>
      socket.emit("committee:move", { dossierId, indicatorCode: code }, (reply) => {
        if (!cancelled && !reply.ok && reply.error === "forbidden" && attempt < 5) setTimeout(() => send(attempt + 1), 400);
      });
    send(0);
    return () => {
      cancelled = true;
    };
  }, [isChair, socket, connected, code, dossierId]);
  // The chair's choice in the decision form is the proposal put to the members (again when someone joins).
  const [chairDraft, setChairDraft] = useState<IndicatorDecision | "">("");
  const onDraftDecision = useCallback((decision: IndicatorDecision | "") => setChairDraft(decision), []);
  const memberCount = members.length;
  useEffect(() => {
    if (!isChair || !socket || !connected || !code || !chairDraft) return;
    let cancelled = false;
    const send = (attempt: number) =>
      socket.emit("committee:propose", { dossierId, indicatorCode: code, decision: chairDraft }, (reply) => {
        if (!cancelled && !reply.ok && reply.error === "forbidden" && attempt < 5) setTimeout(() => send(attempt + 1), 400);
      });
    send(0);
    return () => {
      cancelled = true;
    };
  }, [isChair, socket, connected, code, chairDraft, dossierId, memberCount]);
  // The chair records who is in the room (their marks are only kept for members present).
  const presenceFetcher = useFetcher();
  const funderIds = members
    .filter((m) => m.role !== "of")
    .map((m) => m.userId)
    .sort()
    .join(",");
  useEffect(() => {
    if (!isChair || !committee || !funderIds) return;
    const form = new FormData();
    form.set("intent", "committee-presence");
    form.set("sessionId", committee.id);
    funderIds.split(",").forEach((id, i) => form.set(`userIds[${i}]`, id));
    presenceFetcher.submit(form, { method: "post" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per change of who is there
  }, [isChair, committee?.id, funderIds]);

  // Indicators whose state changed live since the page was loaded are highlighted in the rail.
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const previousStates = useRef<Map<string, string> | null>(null);
  useEffect(() => {
    const states = new Map(room.rail.flatMap((c) => c.indicators.map((i) => [i.code, `${i.state}|${i.decision ?? ""}`] as const)));
    const before = previousStates.current;
    previousStates.current = states;
    if (!before) return;
    const changed = [...states].filter(([c, s]) => before.get(c) !== undefined && before.get(c) !== s && c !== code).map(([c]) => c);
    if (changed.length > 0) setHighlighted((set) => new Set([...set, ...changed]));
  }, [room.rail, code]);
  useEffect(() => {
    if (code && highlighted.has(code)) setHighlighted((set) => new Set([...set].filter((c) => c !== code)));
  }, [code, highlighted]);

  // Keyboard: next / previous, decide, help.
  const [helpOpen, setHelpOpen] = useState(false);
  useReviewShortcuts({
    canDecide,
    next: selected?.nextCode ? () => navigate(indicatorUrl(selected.nextCode!)) : undefined,
    previous: selected?.previousCode ? () => navigate(indicatorUrl(selected.previousCode!)) : undefined,
    help: () => setHelpOpen(true),
  });

  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const committeeForm: CommitteeFormProps | null =
    committee && isChair
      ? {
          sessionId: committee.id,
          marks: marks
            .filter((m) => m.indicatorCode === code && m.userId !== me.id)
            .map((m) => ({ userId: m.userId, name: m.name, decision: m.decision, mark: m.mark })),
        }
      : null;

  const status = room.dossier.status;
  const closedNext = CLOSED_NEXT[status];
  const header = (
    <header className="flex flex-col gap-2">
      <Breadcrumb items={[{ label: t("examination.queue.title"), to: "/financeur/examens" }, { label: room.dossier.organisationName }]} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="m-0 text-2xl">{t("examination.page.title", { organisation: room.dossier.organisationName })}</h1>
        <div className="flex flex-wrap items-center gap-2">
          {canDecide && !committee ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="committee-start" />
              <input type="hidden" name="indicatorCode" value={code ?? ""} />
              <Button type="submit" variant="secondary" size="sm" disabled={props.busy}>
                {t("room.committee.open")}
              </Button>
            </Form>
          ) : null}
          <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} canDecide={canDecide} />
        </div>
      </div>
      <p className="m-0 text-ink-muted">{t(canDecide ? "room.lead" : "room.leadReadOnly")}</p>
      <p className="m-0 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-ink-muted" data-testid="room-header">
        <span data-testid="dossier-status">
          <Badge tone="primary">{t(STATUS_LABEL_KEYS[status])}</Badge>
        </span>
        {room.dossier.round > 1 ? <span data-testid="dossier-round">{t("dossier.round", { round: room.dossier.round })}</span> : null}
        <span>SIRET {room.dossier.siret ?? "—"}</span>
        <span aria-hidden="true">·</span>
        <span>{room.dossier.region ?? "—"}</span>
        <span aria-hidden="true">·</span>
        <span>
          {room.dossier.examinerName
            ? t("examination.page.examiner", { name: room.dossier.examinerName })
            : t("examination.page.noExaminer")}
        </span>
        {room.dossier.nextDue ? (
          <>
            <span aria-hidden="true">·</span>
            <span data-testid="room-due" className="inline-flex flex-wrap items-center gap-1">
              {t("delays.room.due", {
                stage: t(DELAY_STAGE_LABEL_KEYS[room.dossier.nextDue.stage]),
                date: formatDate(room.dossier.nextDue.dueOn),
              })}
              {room.dossier.nextDue.state === "late" ? (
                <Badge tone="error">{t("delays.state.late")}</Badge>
              ) : room.dossier.nextDue.state === "soon" ? (
                <Badge tone="warning">{t("delays.state.soon")}</Badge>
              ) : null}
            </span>
          </>
        ) : null}
        <span aria-hidden="true">·</span>
        <Link to={`/financeur/organismes/${room.dossier.organisationId}`}>{t("examination.page.funderSpace")}</Link>
        <span aria-hidden="true">·</span>
        {/* A streamed ZIP (decision record 046): the browser's own download shows the progress. */}
        <a href={`/financeur/examens/${room.dossier.id}/zip`} download title={t("dossierExport.hint")}>
          {t("dossierExport.link")}
        </a>
      </p>
    </header>
  );

  return (
    <div className="flex flex-col gap-4" data-testid="review-room">
      {header}
      {/* A refused certificate check is answered in its dialog, under the reason (indicator-main.tsx); expert requests in their panel. */}
      {isDone(props.reply) || replyFor(props.reply, "certificate-review") || props.reply?.form.startsWith("expert-") ? null : (
        <ReplyMessages reply={props.reply} />
      )}
      {closedNext ? (
        <Alert tone={status === "datadocke" ? "success" : "info"} title={t("room.closed.title")} announce={false}>
          <p className="m-0" data-testid="room-closed">
            {t("examination.page.closed", { status: t(STATUS_LABEL_KEYS[status]) })} {t(closedNext)}
          </p>
        </Alert>
      ) : null}
      <TakeOrAssign {...props} />
      {props.isDeciderElsewhere ? (
        <Alert tone="info" announce={false}>
          {t("examination.page.notExaminer")}
        </Alert>
      ) : null}
      {committee && !closedNext ? (
        <CommitteeBar
          committee={committee}
          isChair={isChair}
          canDecide={canDecide}
          away={away}
          onToggleAway={() => {
            if (away && chairAt && chairAt !== code) navigate(indicatorUrl(chairAt));
            setAway(!away);
          }}
          dossierId={dossierId}
          socket={socket}
          indicatorCode={code}
          proposed={code ? (proposals.get(code) ?? null) : null}
          marks={marks.filter((m) => m.indicatorCode === code)}
          meId={me.id}
          busy={props.busy}
          chairAt={chairAt}
        />
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <div className="min-w-0 lg:sticky lg:top-2 lg:max-h-[calc(100vh-1rem)] lg:self-start lg:overflow-y-auto lg:pr-1">
          <RoomRail
            rail={room.rail}
            progress={room.progress}
            selectedCode={code}
            members={members.filter((m) => m.userId !== me.id)}
            highlighted={highlighted}
          />
          <div className="mt-4">
            <RoomPresence members={members} meId={me.id} connected={connected} />
          </div>
        </div>
        {selected ? (
          <div className="flex min-w-0 flex-col gap-6">
            {selected.revision ? (
              <RevisionPanel
                key={`${selected.code}-${selected.revision.version}`}
                revision={selected.revision}
                history={selected.revisionHistory}
                code={selected.code}
                mayDecide={room.mayDecideUpdates}
                reply={props.reply}
                busy={props.busy}
              />
            ) : null}
            <article
              id={`indicateur-${selected.code}`}
              aria-labelledby="indicator-title"
              className="grid min-w-0 grid-cols-1 gap-6 min-[1180px]:grid-cols-[minmax(0,1fr)_20rem]"
              data-review-index={0}
              tabIndex={-1}
            >
              <IndicatorMain
                indicator={selected}
                dossierId={dossierId}
                mayDecide={room.mayDecide}
                canAnnotate={props.notesEditable}
                certificateReply={replyFor(props.reply, "certificate-review")}
                onRequestComplement={(quote) => {
                  const form = document.querySelector<HTMLFormElement>("[data-review-form]");
                  form?.querySelector<HTMLInputElement>('input[data-decision="a_completer"]')?.click();
                  const reason = reasonRef.current;
                  if (reason) {
                    // The quote already names the piece and the page (evidence-panel.tsx).
                    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
                    setter?.call(reason, `${reason.value ? `${reason.value}\n` : ""}${quote}`);
                    reason.dispatchEvent(new Event("input", { bubbles: true }));
                    reason.focus();
                  }
                }}
              />
              <aside className="flex min-w-0 flex-col gap-4" aria-label={t("room.decision.title")}>
                <Card title={t("room.decision.title")} headingLevel={3}>
                  <DecisionForm
                    key={selected.code}
                    dossierId={dossierId}
                    indicatorId={selected.id}
                    code={selected.code}
                    decision={selected.decision}
                    canDecide={canDecide && (!committee || isChair)}
                    committee={committeeForm}
                    reasonRef={reasonRef}
                    onDraftDecision={isChair ? onDraftDecision : undefined}
                  />
                </Card>
                <Card title={t("room.thread.title")} headingLevel={3}>
                  <p className="m-0 text-sm text-ink-muted">{t("room.thread.lead")}</p>
                  <IndicatorThreadCard
                    dossierId={dossierId}
                    meId={me.id}
                    indicator={{ code: selected.code, title: selected.title }}
                    summary={props.threadSummary ?? undefined}
                  />
                </Card>
                <ReviewNotes dossierId={dossierId} user={me} editable={props.notesEditable} indicatorCode={selected.code} />
              </aside>
            </article>
          </div>
        ) : null}
      </div>
      {canDecide ? <ClosingCard {...props} /> : null}
      {props.experts ? (
        <ExpertPanel
          experts={props.experts}
          indicators={room.rail.flatMap((c) => c.indicators.map((i) => ({ code: i.code, title: i.title })))}
          selectedCode={code}
          reply={props.reply}
          busy={props.busy}
        />
      ) : null}
      <CoExaminersPanel {...props.coExaminers} busy={props.busy} />
      {props.labels ? (
        <LabelEditor target="dossier" targetId={props.room.dossier.id} labels={props.labels.on} allLabels={props.labels.all} />
      ) : null}
    </div>
  );
}

function TakeOrAssign({ canTake, examiners, room, busy }: ReviewRoomProps) {
  if (!canTake && examiners.length === 0) return null;
  return (
    <div className="flex flex-wrap items-end gap-4">
      {canTake ? (
        <Form method="post">
          <input type="hidden" name="intent" value="take" />
          <Button type="submit" disabled={busy}>
            {t("examination.page.take")}
          </Button>
        </Form>
      ) : null}
      {examiners.length > 0 ? (
        <Form method="post" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="assign" />
          <div className="flex min-w-0 max-w-full flex-col gap-1">
            <label htmlFor="examinerId" className="font-medium">
              {t("examination.page.assign")}
            </label>
            <select
              id="examinerId"
              name="examinerId"
              defaultValue={room.dossier.examinerId ?? ""}
              required
              className="min-h-10 w-full max-w-full min-w-0 rounded-sm border border-border bg-white px-2"
            >
              <option value="" disabled>
                —
              </option>
              {examiners.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name} ({e.funderName})
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary" disabled={busy}>
            {t("examination.page.assignSubmit")}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}

function ClosingCard({ room, blockers, busy }: ReviewRoomProps) {
  const buttons: [Outcome, MessageKey, "primary" | "secondary" | "danger"][] = [
    ["declare_datadocke", "examination.page.declare", "primary"],
    ["send_back", "examination.page.sendBack", "secondary"],
    ["close_non_conforme", "examination.page.nonConforme", "danger"],
  ];
  return (
    <Card title={t("examination.page.closing")} titleId="closing-title">
      <Form method="post" className="flex flex-col gap-3">
        <input type="hidden" name="intent" value="close" />
        <input type="hidden" name="dossierVersion" value={room.dossier.version} />
        <div className="flex flex-col gap-1">
          <label htmlFor="message" className="font-medium">
            {t("examination.page.message")}
          </label>
          <Textarea id="message" name="message" rows={3} />
        </div>
        <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
          {buttons.map(([outcome, label, variant]) => (
            <div key={outcome} className="flex flex-col gap-1">
              <Button type="submit" name="outcome" value={outcome} variant={variant} disabled={busy || blockers[outcome].length > 0}>
                {t(label)}
              </Button>
              {blockers[outcome].length > 0 ? (
                <p className="m-0 text-sm text-ink-muted">{blockers[outcome].map((k) => t(k)).join(" ")}</p>
              ) : null}
            </div>
          ))}
        </div>
      </Form>
    </Card>
  );
}
