import { loadArima, loadProphet } from './forecast-wasm-loaders';

describe('forecast WASM loaders', () => {
  it('loads the arima module once and exposes its heap', async () => {
    const [first, second] = await Promise.all([loadArima(), loadArima()]);
    expect(second).toBe(first);
    expect(await loadArima()).toBe(first);
    expect(first.heap.HEAPF64).toBeInstanceOf(Float64Array);
    const model = new first.ARIMA({ p: 1, d: 0, q: 0 }).train(
      Array.from({ length: 30 }, (_, i) => Math.sin(i)),
    );
    const [forecast] = model.predict(3);
    model.destroy();
    expect(forecast.every(Number.isFinite)).toBe(true);
  });

  it('loads Prophet and its Stan optimizer once', async () => {
    const [first, second] = await Promise.all([loadProphet(), loadProphet()]);
    expect(second).toBe(first);
    expect(typeof first.optimizer.optimize).toBe('function');
    const prophet = new first.Prophet({ optimizer: first.optimizer });
    prophet.free();
  });
});
