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
