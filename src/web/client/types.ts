// The shapes of the /v1 answers the dashboard reads: taken from the types generated from the
// server's own OpenAPI document (src/api/openapi-types.ts, `npm run api-types`), so that the
// page and the server cannot drift apart; a change of shape fails `npm run typecheck`.
import type { components, paths } from '../../api/openapi-types.ts';

type Schemas = components['schemas'];

/** The JSON body of a GET's 200 answer. */
type Ok<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

/** The JSON body a POST accepts. */
type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Sentiment = 'negative' | 'neutral' | 'positive';
export type Explained = Schemas['Explained'];
export type Actor = Schemas['Actor'];
export type Workflow = Schemas['Workflow'];
export type Note = Schemas['Note'];
export type PostSummary = Schemas['PostSummary'];
export type Evidence = Schemas['Evidence'];
export type PostDetail = Schemas['PostDetail'];
/** A person's correction of the analysis (POST /v1/posts/:id/feedback): what the body may say. */
export type FeedbackInput = Body<'/v1/posts/{id}/feedback'>;
export type Feedback = Schemas['Feedback'];
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}
export type Brand = Schemas['Brand'];
export type Source = Ok<'/v1/sources'>['items'][number];
export type Trend = Ok<'/v1/brands/{id}/trend'>;
export type TrendBucket = Trend['buckets'][number];
export type BrandSummary = Ok<'/v1/brands/{id}/summary'>;
export type Alert = Ok<'/v1/alerts'>['items'][number];
export type Me = Ok<'/v1/me'>;
