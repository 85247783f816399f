import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { HttpErrorResponse } from './http-error.response';

export interface ApiDescription {
  service: string;
  /** What the service does, shown at the top of /docs (Markdown). */
  description: string;
  version?: string;
}

/** The service's OpenAPI 3 document, built from the controllers' decorators. */
export function createOpenApiDocument(app: INestApplication, api: ApiDescription): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`${api.service} service`)
    .setDescription(api.description)
    .setVersion(api.version ?? '0.1.0')
    .addTag('operations', 'Readiness, liveness and Prometheus metrics')
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [HttpErrorResponse] });
}

/** Swagger UI at /docs and the JSON document at /docs-json (served from the package, no CDN). */
export function setupOpenApi(app: INestApplication, api: ApiDescription): void {
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app, api), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: `${api.service} service API`,
  });
}
