import { render, type VNode } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { analyze, type AnalysisInput, type AnalysisReport } from '@cnn-analyzer/analysis';
import { describeFactors, type AnyArchitecture, type FactorInfo } from '@cnn-analyzer/arch-spec';
import { ARCHITECTURES, DEVICES } from './plugins.js';
import { fromFactors, fromName, fromTflite } from './model-input.js';
import { html, Scorecard } from './views.js';

/** The reference model analyzed when the page opens (the CLI's default). */
const DEFAULT_MODEL = 'mobilenetv1_0.25_96_c3_o2';

interface Result {
  readonly report: AnalysisReport;
  /** `JSON.stringify(report, null, 2)` plus a newline: byte for byte what `analyze --json` prints. */
  readonly json: string;
  readonly ms: number;
}

/** Run the CLI's pipeline on a model, on a board when one is chosen. */
function run(input: AnalysisInput, device: string, runtime: string): Result {
  const t0 = performance.now();
  const board = DEVICES.find((d) => d.name === device);
  const { report } = analyze(input, { ...(board ? { device: board } : {}), ...(board && runtime ? { runtime } : {}) });
  return { report, json: `${JSON.stringify(report, null, 2)}\n`, ms: performance.now() - t0 };
}

/** Form text to a factor value: empty is "the default" (left out), numbers are numbers, booleans are booleans. */
function factorValue(info: FactorInfo, text: string): unknown {
  if (info.kind === 'boolean') return text === 'true';
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return info.kind === 'enum' && !info.values?.every((v) => typeof v === 'number') ? text : Number.isFinite(n) ? n : text;
}

/** The factor form's text for resolved factors: a value where it differs from the default, empty where it does not. */
function factorTexts(arch: AnyArchitecture, factors: Readonly<Record<string, unknown>>): Record<string, string> {
  const defaults = arch.defaults as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(factors)) {
    if (typeof value === 'boolean') out[key] = String(value);
    else if (value !== defaults[key] && value !== null && value !== undefined) out[key] = String(value);
  }
  return out;
}

function FactorField({ info, value, onInput }: { info: FactorInfo; value: string; onInput: (v: string) => void }): VNode {
  const id = `factor-${info.key}`;
  const title = `${info.description}; ${info.range}; default ${JSON.stringify(info.default)}${info.code ? `; code ${info.code}` : ''}`;
  const input =
    info.kind === 'boolean'
      ? html`<input id=${id} type="checkbox" data-factor=${info.key} checked=${value === 'true'} onChange=${(e: Event) => onInput(String((e.target as HTMLInputElement).checked))} />`
      : info.kind === 'enum'
        ? html`<select id=${id} data-factor=${info.key} value=${value} onChange=${(e: Event) => onInput((e.target as HTMLSelectElement).value)}><option value="">default (${String(info.default)})</option>${info.values!.map((v) => html`<option value=${String(v)}>${String(v)}</option>`)}</select>`
        : html`<input id=${id} type="text" inputmode="decimal" data-factor=${info.key} value=${value} placeholder=${info.default === null ? 'default' : String(info.default)} onInput=${(e: Event) => onInput((e.target as HTMLInputElement).value)} />`;
  return html`<label class="factor" for=${id} title=${title}><span class="fname">${info.key}${info.code ? html` <code>${info.code}</code>` : null}</span>${input}<span class="range">${info.range}</span></label>`;
}

function App(): VNode {
  const [name, setName] = useState(decodeURIComponent(location.hash.slice(1)) || DEFAULT_MODEL);
  const [archName, setArchName] = useState(ARCHITECTURES[0]!.name);
  const [factorText, setFactorText] = useState<Record<string, string>>({});
  const [device, setDevice] = useState('');
  const [runtime, setRuntime] = useState('');
  const [input, setInput] = useState<AnalysisInput | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [width, setWidth] = useState(() => Math.min(window.innerWidth, 1400));
  const arch = ARCHITECTURES.find((a) => a.name === archName)!;
  const factors = useMemo(() => describeFactors(arch), [arch]);
  const board = DEVICES.find((d) => d.name === device);

  useEffect(() => {
    const onResize = (): void => setWidth(Math.min(window.innerWidth, 1400));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const attempt = (f: () => AnalysisInput | Promise<AnalysisInput>, how: string): void => {
    setError(null);
    Promise.resolve()
      .then(f)
      .then((i) => {
        setInput(i);
        setNote(how);
        if (i.source === 'plugin') {
          // the other inputs follow: the canonical name, and the architecture with the factors that differ from its defaults
          setName(i.name);
          const a = ARCHITECTURES.find((x) => x.name === i.architecture);
          if (a) {
            setArchName(a.name);
            setFactorText(factorTexts(a, i.factors ?? {}));
          }
        }
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const byName = (e?: Event): void => {
    e?.preventDefault();
    attempt(() => fromName(name), 'from its compound name');
  };
  const byFactors = (e: Event): void => {
    e.preventDefault();
    const values: Record<string, unknown> = {};
    for (const info of factors) {
      const v = factorValue(info, factorText[info.key] ?? '');
      if (v !== undefined && !(info.kind === 'boolean' && v === info.default)) values[info.key] = v;
    }
    attempt(() => fromFactors(arch as AnyArchitecture, values), `from ${arch.name}'s factors`);
  };
  const byFile = (file: File | undefined): void => {
    if (!file) return;
    attempt(async () => fromTflite(file.name, new Uint8Array(await file.arrayBuffer())), `read from ${file.name} in this page`);
  };
  const [dragging, setDragging] = useState(false);

  useEffect(() => byName(), []);
  const result = useMemo<Result | { error: string } | null>(() => {
    if (!input) return null;
    try {
      return run(input, device, runtime);
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [input, device, runtime]);
  const shown = result && 'report' in result ? result : null;
  const problem = error ?? (result && 'error' in result ? result.error : null);
  useEffect(() => {
    document.getElementById('app')!.dataset['ready'] = shown ? 'true' : problem ? 'error' : 'false';
  }, [shown, problem]);

  return html`<main>
    <header class="top"><h1>CNN Analyzer</h1><p>Layer-wise params, MACs, memory, model size and latency of a CNN for microcontrollers — computed in this page, offline (it makes no network request).</p></header>
    <section class="inputs">
      <form class="panel" data-input="name" onSubmit=${byName}>
        <h2>Compound name</h2>
        <input id="name" type="text" spellcheck="false" value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} placeholder=${DEFAULT_MODEL} />
        <button type="submit">Analyze</button>
        <p class="hint">e.g. <code>mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3</code>, <code>shufflenetv1_0.25_96_c3_o2_g1</code>, or an architecture id.</p>
      </form>
      <form class="panel" data-input="factors" onSubmit=${byFactors}>
        <h2>Architecture and factors</h2>
        <select id="architecture" value=${archName} onChange=${(e: Event) => { setArchName((e.target as HTMLSelectElement).value); setFactorText({}); }}>${ARCHITECTURES.map((a) => html`<option value=${a.name}>${a.name}</option>`)}</select>
        <div class="factors">${factors.map((f) => html`<${FactorField} key=${`${archName}.${f.key}`} info=${f} value=${factorText[f.key] ?? ''} onInput=${(v: string) => setFactorText({ ...factorText, [f.key]: v })} />`)}</div>
        <button type="submit">Analyze</button>
      </form>
      <div class=${`panel drop${dragging ? ' dragging' : ''}`} data-input="tflite" onDragOver=${(e: DragEvent) => { e.preventDefault(); setDragging(true); }} onDragLeave=${() => setDragging(false)} onDrop=${(e: DragEvent) => { e.preventDefault(); setDragging(false); byFile(e.dataTransfer?.files[0]); }}>
        <h2>A .tflite file</h2>
        <p>Drop a <code>.tflite</code> model here (any model TensorFlow's converter wrote), or</p>
        <input id="file" type="file" accept=".tflite" onChange=${(e: Event) => byFile((e.target as HTMLInputElement).files?.[0])} />
        <p class="hint">The file is read in the page; nothing is uploaded.</p>
      </div>
      <div class="panel board">
        <h2>Board</h2>
        <select id="device" value=${device} onChange=${(e: Event) => { setDevice((e.target as HTMLSelectElement).value); setRuntime(''); }}><option value="">none (no latency, no fit check)</option>${DEVICES.map((d) => html`<option value=${d.name} title=${d.title}>${d.name}</option>`)}</select>
        ${board ? html`<select id="runtime" value=${runtime} onChange=${(e: Event) => setRuntime((e.target as HTMLSelectElement).value)}>${board.runtimes.map((r, i) => html`<option value=${i === 0 ? '' : r.runtime}>${r.runtime}${i === 0 ? ' (default)' : ''}</option>`)}</select>` : null}
        ${board ? html`<p class="hint">${board.title}; ${(board.flash / 1024).toFixed(0)} KB flash, ${(board.ram / 1024).toFixed(0)} KB RAM</p>` : null}
      </div>
    </section>
    ${problem ? html`<p class="error" role="alert" data-error>${problem}</p>` : null}
    ${shown ? html`<${Scorecard} report=${shown.report} json=${shown.json} width=${width / 2 - 60} note=${html`<div class="sub">${note ?? ''} · computed in ${shown.ms.toFixed(0)} ms</div>`} />` : null}
  </main>`;
}

render(html`<${App} />`, document.getElementById('app')!);
