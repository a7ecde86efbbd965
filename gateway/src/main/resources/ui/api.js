// The Flotilla HTTP API, called with the signed-in user's bearer token.

/** A refused or failed call, with the API's own words ({"error": "..."}) as its message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The API's error message from a failed response, or its status line when the body has none. */
export async function errorMessage(response) {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: fall back to the status line
  }
  return `${response.status} ${response.statusText}`.trim();
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  authorization() {
    return { Authorization: `Bearer ${this.token}` };
  }

  get(path) {
    return this.call('GET', path);
  }

  post(path, body) {
    return this.call('POST', path, body);
  }

  patch(path, body) {
    return this.call('PATCH', path, body);
  }

  async call(method, path, body) {
    const headers = { ...this.authorization(), Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, `the manager did not answer (${e.message})`);
    }
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    return response.status === 204 ? null : response.json();
  }
}
