/**
 * Loads the two WebAssembly forecasting engines at most once per process or worker thread
 * (each piscina worker has its own module registry, hence its own copy) and hands out typed
 * adapters, so no `any` from the untyped packages leaks into the algorithms.
 *
 * - `arima` 0.2.8 (ctsa compiled with Emscripten). Its public `arima/async` entry yields only the
 *   ARIMA class, which hides the fitted coefficients, log-likelihood and AIC in WASM memory. We
 *   therefore build the module the way `arima/async.js` does, from the same three package files,
 *   to keep a handle on its heap. `arima.ts` checks the struct layout it reads on every fit.
 * - `@bsull/augurs` Prophet and `@bsull/augurs-prophet-wasmstan` (Prophet's Stan model) are ES
 *   modules, the latter with a top-level await, so CommonJS cannot `require()` them: they are
 *   loaded with a real dynamic `import()`, which `module: node16` keeps in the CommonJS output.
 *   In Node the Prophet WASM is initialised from its bytes; the default (a `fetch` of a file URL)
 *   does not work in Node.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const nodeRequire = createRequire(__filename);

/** The ARIMA class of the `arima` package (its own typings). */
export type ArimaConstructor = typeof import('arima');

/** A fitted ARIMA instance; `model` (untyped upstream) is the WASM address of the `sarimax_object*`. */
export interface NativeArimaModel extends InstanceType<ArimaConstructor> {
  readonly model: number | null;
}

/** The Emscripten heap views; Emscripten replaces them when memory grows, so read them on each use. */
export interface EmscriptenHeap {
  readonly HEAP32: Int32Array;
  readonly HEAPU32: Uint32Array;
  readonly HEAPF64: Float64Array;
}

export interface ArimaRuntime {
  readonly ARIMA: ArimaConstructor;
  readonly heap: EmscriptenHeap;
}

const importProphet = () => import('@bsull/augurs/prophet');
const importProphetStan = () => import('@bsull/augurs-prophet-wasmstan');
type ProphetModule = Awaited<ReturnType<typeof importProphet>>;

export type ProphetClass = ProphetModule['Prophet'];
export type ProphetOptimizer = ConstructorParameters<ProphetClass>[0]['optimizer'];

export interface ProphetRuntime {
  readonly Prophet: ProphetClass;
  /** Stan's optimizer (L-BFGS by default) compiled to WASM. */
  readonly optimizer: ProphetOptimizer;
}

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

function isEmscriptenHeap(value: unknown): value is EmscriptenHeap {
  if (typeof value !== 'object' || value === null) return false;
  const heap = value as Partial<Record<keyof EmscriptenHeap, unknown>>;
  return (
    heap.HEAP32 instanceof Int32Array &&
    heap.HEAPU32 instanceof Uint32Array &&
    heap.HEAPF64 instanceof Float64Array
  );
}

async function instantiateArima(): Promise<ArimaRuntime> {
  const packageDir = path.dirname(nodeRequire.resolve('arima'));
  const createModule: unknown = nodeRequire(path.join(packageDir, 'wasm', 'native-async.js'));
  const buildArimaClass: unknown = nodeRequire(path.join(packageDir, 'load.js'));
  if (!isFunction(createModule) || !isFunction(buildArimaClass)) {
    throw new Error(
      `arima package layout changed: ${packageDir}/wasm/native-async.js or load.js is not a function`,
    );
  }
  const wasmBinary = await readFile(path.join(packageDir, 'wasm', 'native.wasm'));
  const heap: unknown = await (createModule as (options: { wasmBinary: Uint8Array }) => Promise<unknown>)({
    wasmBinary,
  });
  if (!isEmscriptenHeap(heap)) throw new Error('arima WASM module does not expose HEAP32/HEAPU32/HEAPF64');
  const ARIMA: unknown = (buildArimaClass as (module: EmscriptenHeap) => unknown)(heap);
  if (!isFunction(ARIMA)) throw new Error('arima load.js did not return the ARIMA class');
  return { ARIMA: ARIMA as ArimaConstructor, heap };
}

async function instantiateProphet(): Promise<ProphetRuntime> {
  const [prophetModule, stanModule] = await Promise.all([importProphet(), importProphetStan()]);
  // prophet_bg.wasm is not in the package's exports map: locate it beside the exported prophet.js.
  const wasmPath = path.join(path.dirname(nodeRequire.resolve('@bsull/augurs/prophet')), 'prophet_bg.wasm');
  await prophetModule.default({ module_or_path: await readFile(wasmPath) });
  return { Prophet: prophetModule.Prophet, optimizer: stanModule.optimizer };
}

/** Caches the first successful load; a failed load is forgotten so that the next call retries. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export const loadArima: () => Promise<ArimaRuntime> = once(instantiateArima);
export const loadProphet: () => Promise<ProphetRuntime> = once(instantiateProphet);
