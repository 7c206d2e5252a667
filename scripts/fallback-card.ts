/**
 * A card as a host that draws no charts shows it: Microsoft's Adaptive Cards renderer
 * (the `adaptivecards` package, the JS SDK that hosts build on) in headless Chromium. It knows no
 * Chart.* element, so it renders the element's `fallback`, as the Adaptive Card schema says a host
 * must. Used for the README's picture of the overview's text bars (scripts/screenshots-overview.ts).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Card } from '../src/adapters/teams/cards/render';
import { OUT } from './screenshot-kit';

const SDK = require.resolve('adaptivecards/dist/adaptivecards.min.js');

/** Teams' light theme, roughly: its fonts, colours and spacing, so the picture reads as a chat card. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Liberation Sans', Arial, sans-serif",
  fontTypes: {
    default: { fontFamily: "'Segoe UI', 'Liberation Sans', Arial, sans-serif", fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 200, default: 400, bolder: 600 } },
    monospace: { fontFamily: "'DejaVu Sans Mono', 'Liberation Mono', monospace", fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 200, default: 400, bolder: 600 } },
  },
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#5B5FC7', subtle: '#5B5FC7' } } },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#5B5FC7', subtle: '#5B5FC7' } } },
  },
  actions: { actionsOrientation: 'horizontal', actionAlignment: 'left', buttonSpacing: 8, maxActions: 6, spacing: 'default', showCard: { actionMode: 'inline' } },
};

/** Draws `card` 440 px wide (a chat card's width in the Playground pictures) to docs/screenshots/`name`. */
export async function shootFallback(browser: Browser, card: Card, name: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 520, height: 2400 }, locale: 'nb-NO' });
  try {
    await page.setContent('<!doctype html><meta charset="utf-8"><body style="margin:0;background:#F5F5F5"><div id="card" style="width:440px;margin:16px;background:#fff;border-radius:6px"></div></body>');
    await page.addScriptTag({ path: SDK });
    const unknown = await page.evaluate(
      ({ card, hostConfig }) => {
        const AC = (globalThis as any).AdaptiveCards;
        const ac = new AC.AdaptiveCard();
        ac.hostConfig = new AC.HostConfig(hostConfig);
        const errors: string[] = [];
        ac.parse(card, new AC.SerializationContext());
        const el = ac.render();
        if (!el) throw new Error('the renderer drew nothing');
        (globalThis as any).document.getElementById('card').appendChild(el);
        // What the renderer did not know and had no fallback for (would be silently dropped).
        for (const e of ac.validateProperties().failures ?? []) for (const x of e.errors ?? []) errors.push(String(x.message));
        return errors;
      },
      { card, hostConfig: HOST_CONFIG },
    );
    if (unknown.length) console.log(`  ${name}: the renderer reports ${unknown.join('; ')}`);
    const box = await page.locator('#card').boundingBox();
    if (!box) throw new Error(`${name}: the card is not on screen`);
    await page.screenshot({ path: join(OUT, name), clip: { x: box.x, y: box.y, width: box.width, height: Math.ceil(box.height) } });
    console.log(`  ${name}`);
  } finally {
    await page.close();
  }
}
