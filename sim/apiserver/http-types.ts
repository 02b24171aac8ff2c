/** The shape every simulator handler answers with; the server writes it to the socket. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}
