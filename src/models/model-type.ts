/** The kinds of model a machine has; the model registry keeps one active version of each. */
export const MODEL_TYPES = ['baseline', 'anomaly', 'forecast_arima', 'forecast_prophet'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
/** The CHECK every table with a model_type column carries. */
export const MODEL_TYPE_CHECK = `"model_type" IN ('baseline', 'anomaly', 'forecast_arima', 'forecast_prophet')`;
