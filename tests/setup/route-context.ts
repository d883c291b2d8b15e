/** The load context the Express server gives loaders and actions. */
export const routeContext = { cspNonce: "test-nonce", clientIp: "127.0.0.1" };

/** The HTTP status of a loader/action outcome, whether the Response was returned or thrown. */
export async function status(promise: Promise<unknown>): Promise<number> {
  try {
    const result = await promise;
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

/** The Response of a loader/action outcome, returned or thrown; plain data becomes a 200 JSON Response. */
export async function responseOf(promise: Promise<unknown>): Promise<Response> {
  try {
    const result = await promise;
    return result instanceof Response ? result : new Response(JSON.stringify(result), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
