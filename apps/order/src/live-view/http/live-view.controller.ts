import { Controller, Get, Header, MessageEvent, NotFoundException, Param, ParseUUIDPipe, Sse, StreamableFile } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Observable } from 'rxjs';
import { LiveViewService } from '../live-view.service';
import { Balances, SiblingReads, StockLevels } from './sibling-reads';
import { TimelineQuery, TimelineView } from './timeline.query';

/** apps/order/public/live-view, from both src/live-view/http (tests) and dist/live-view/http (built). */
export const LIVE_VIEW_ASSETS = join(__dirname, '..', '..', '..', 'public', 'live-view');
const ASSET_FILES = new Set(['live-view.css', 'live-view.js']);
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Everything the page loads comes from here: no inline script or style, no other origin. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The live saga view: the page at GET /saga, its assets and the JSON and event-stream endpoints it calls. */
@Controller('saga')
export class LiveViewController {
  constructor(
    private readonly live: LiveViewService,
    private readonly timelines: TimelineQuery,
    private readonly siblings: SiblingReads,
  ) {}

  @Get()
  @Header('content-security-policy', CONTENT_SECURITY_POLICY)
  @Header('cache-control', 'no-cache')
  page(): Promise<StreamableFile> {
    this.ensureEnabled();
    return fileOf('index.html');
  }

  @Get('assets/:file')
  @Header('cache-control', 'no-cache')
  asset(@Param('file') file: string): Promise<StreamableFile> {
    this.ensureEnabled();
    if (!ASSET_FILES.has(file)) throw new NotFoundException(`no asset ${file}`);
    return fileOf(file);
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

/** Read on every request (a few kB, a page opened by hand), so an edited page shows on reload. */
async function fileOf(file: string): Promise<StreamableFile> {
  const content = await readFile(join(LIVE_VIEW_ASSETS, file)).catch(() => {
    throw new NotFoundException(`no asset ${file}`);
  });
  return new StreamableFile(content, { type: CONTENT_TYPES[extname(file)] });
}
