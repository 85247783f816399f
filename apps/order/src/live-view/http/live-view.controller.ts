import { Controller, Get, MessageEvent, NotFoundException, Param, ParseUUIDPipe, Res, Sse } from '@nestjs/common';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { LiveViewService } from '../live-view.service';
import { Balances, SiblingReads, StockLevels } from './sibling-reads';
import { TimelineQuery, TimelineView } from './timeline.query';

/** apps/order/public/live-view, from both src/live-view/http (tests) and dist/live-view/http (built). */
export const LIVE_VIEW_ASSETS = join(__dirname, '..', '..', '..', 'public', 'live-view');
const ASSET_FILES = new Set(['live-view.css', 'live-view.js']);

/** Everything the page loads comes from here: no inline script or style, no other origin. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

interface FileResponse {
  setHeader(name: string, value: string): void;
  sendFile(path: string, options: { root: string; headers?: Record<string, string> }, done: (error?: Error) => void): void;
  status(code: number): { end(): void };
  headersSent: boolean;
}

/** The live saga view: the page at GET /saga, its assets and the JSON and event-stream endpoints it calls. */
@Controller('saga')
export class LiveViewController {
  constructor(
    private readonly live: LiveViewService,
    private readonly timelines: TimelineQuery,
    private readonly siblings: SiblingReads,
  ) {}

  @Get()
  page(@Res() response: FileResponse): void {
    this.ensureEnabled();
    response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    send(response, 'index.html');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: FileResponse): void {
    this.ensureEnabled();
    if (!ASSET_FILES.has(file)) throw new NotFoundException(`no asset ${file}`);
    send(response, file);
  }

  /** Server-sent events: `snapshot` first, then `orders`, `windows`, `dead-letter` and `lag` as they change. */
  @Sse('api/stream')
  stream(): Observable<MessageEvent> {
    this.ensureEnabled();
    return this.live.stream();
  }

  @Get('api/orders/:id/timeline')
  timeline(@Param('id', new ParseUUIDPipe()) orderId: string): Promise<TimelineView> {
    this.ensureEnabled();
    return this.timelines.timelineOf(orderId);
  }

  @Get('api/stock')
  stock(): Promise<StockLevels> {
    this.ensureEnabled();
    return this.siblings.stock();
  }

  @Get('api/balances')
  balances(): Promise<Balances> {
    this.ensureEnabled();
    return this.siblings.balances();
  }

  private ensureEnabled(): void {
    if (!this.live.enabled) throw new NotFoundException('the live view is off (LIVE_VIEW_ENABLED=false)');
  }
}

function send(response: FileResponse, file: string): void {
  response.sendFile(file, { root: LIVE_VIEW_ASSETS, headers: { 'cache-control': 'no-cache' } }, (error) => {
    if (error && !response.headersSent) response.status(404).end();
  });
}
