declare module "stopword" {
  /** Spanish stop words. */
  export const spa: string[];
}
