/** One HTTP call to a running service: status and parsed JSON body (null when the body is not JSON). */
export async function requestJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: any; contentType: string | null }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, contentType: response.headers.get('content-type') };
}
