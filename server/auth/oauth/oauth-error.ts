/** OAuth 2.1 error responses (RFC 6749 section 5.2, RFC 7591 section 3.2.2, RFC 8707): typed and serializable. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_scope"
  | "invalid_target"
  | "invalid_redirect_uri"
  | "invalid_client_metadata"
  | "access_denied"
  | "login_required"
  | "slow_down";

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
    readonly status = code === "invalid_client" || code === "login_required" ? 401 : 400,
  ) {
    super(message);
    this.name = "OAuthError";
  }

  toJSON() {
    return { error: this.code, error_description: this.message };
  }
}
