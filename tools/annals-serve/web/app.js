// The search page of annals-serve: plain DOM code over the JSON API
// (docs/http-api.md). The state lives in the address's fragment
// (#q=...&sort=...&offset=...&article=ID), so Back, reload and links work.
'use strict';

const PAGE = 10;
const FACETS = [
  // facet name, heading, query field
  ['person', 'People', 'person'],
  ['place', 'Places', 'place'],
  ['organization', 'Organisations', 'org'],
  ['year', 'Years', 'date'],
];
const TYPE_NAMES = {person: 'Person', place: 'Place', organization: 'Organisation', date: 'Date'};

const $ = (id) => document.getElementById(id);

// Builds an element: el('a', {href: '#'}, 'text', child...). Text is always text.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function plural(n, one, many) { return `${n.toLocaleString('en')} ${n === 1 ? one : many}`; }

// ---- state in the fragment ----

function readState() {
  const p = new URLSearchParams(location.hash.slice(1));
  return {
    q: p.get('q') || '',
    sort: ['newest', 'oldest'].includes(p.get('sort')) ? p.get('sort') : 'relevance',
    offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0),
    tl: ['year', 'month'].includes(p.get('tl')) ? p.get('tl') : '',
    article: p.get('article'),
  };
}

function fragment(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.offset) p.set('offset', String(state.offset));
  if (state.tl) p.set('tl', state.tl);
  if (state.article) p.set('article', state.article);
  return '#' + p.toString();
}

function go(changes) {
  const next = Object.assign(readState(), {article: null}, changes);
  const hash = fragment(next);
  if (hash === location.hash || (hash === '#' && !location.hash)) render();
  else location.hash = hash;
}

// ---- the query ----

// Adds a filter clause (person:"Marco Rubio", date:2022) to the query, once.
function addClause(q, clause) {
  q = q.trim();
  if (q.split(/\s+/).includes(clause) || q.includes(' ' + clause) || q.startsWith(clause)) return q;
  if (!q) return clause;
  if (/(^|\s)(OR|NEAR)(\s|$)/.test(q)) q = `(${q})`;
  return `${q} ${clause}`;
}

function clauseFor(field, value) {
  const v = String(value).replace(/"/g, '');
  return field === 'date' ? `date:${v}` : `${field}:"${v}"`;
}

// The field:value clauses written in the query, for the removable chips.
function clausesIn(q) {
  const out = [];
  const re = /(^|[\s(])(-?[a-z_]+:(?:"[^"]*"|[^\s()"]+))/gi;
  for (let m; (m = re.exec(q));) out.push(m[2]);
  return out;
}

function removeClause(q, clause) {
  const at = q.indexOf(clause);
  if (at < 0) return q;
  return (q.slice(0, at) + q.slice(at + clause.length)).replace(/\(\s*\)/g, '').replace(/\s+/g, ' ').trim();
}

// ---- UTF-8 byte offsets (the API's) to JavaScript string indices ----

// map[b] is the index in str of the character starting at UTF-8 byte b, or -1
// when b falls inside a character.
function byteToIndex(str) {
  const map = new Int32Array(new TextEncoder().encode(str).length + 1).fill(-1);
  let b = 0;
  let i = 0;
  for (const ch of str) {
    map[b] = i;
    const cp = ch.codePointAt(0);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += ch.length;
  }
  map[b] = i;
  return map;
}

// Appends text to parent with the entities of that text marked.
function markEntities(parent, text, entities) {
  const map = byteToIndex(text);
  let at = 0;
  const sorted = entities.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  for (const e of sorted) {
    const s = e.start < map.length ? map[e.start] : -1;
    const t = e.end < map.length ? map[e.end] : -1;
    if (s < at || t <= s) continue;  // overlapping, empty or not on a character boundary
    if (s > at) parent.append(text.slice(at, s));
    const name = e.type === 'date' ? e.value : e.canonical;
    const label = TYPE_NAMES[e.type] + (name && name !== text.slice(s, t) ? `: ${name}` : '');
    parent.append(el('mark', {class: 'ent', dataset: {type: e.type}, title: label}, text.slice(s, t)));
    at = t;
  }
  parent.append(text.slice(at));
}

// A snippet is HTML-escaped text with the query's words in <b>...</b>: rebuilt
// as text nodes and <mark>s, never as HTML.
function snippetNodes(snippet) {
  const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g,
    (_, n) => ({amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'"})[n]);
  const out = [];
  snippet.split(/(<b>|<\/b>)/).reduce((bold, part) => {
    if (part === '<b>') return true;
    if (part === '</b>') return false;
    if (part) out.push(bold ? el('mark', {}, decode(part)) : decode(part));
    return bold;
  }, false);
  return out;
}

// ---- talking to the server ----

let pending = null;  // the request in flight, aborted when a newer one starts

async function api(path) {
  if (pending) pending.abort();
  const controller = new AbortController();
  pending = controller;
  const response = await fetch(path, {signal: controller.signal, headers: {Accept: 'application/json'}});
  const body = await response.json();
  if (pending === controller) pending = null;
  if (!response.ok) throw Object.assign(new Error(body.message || response.statusText), {body});
  return body;
}

function searchUrl(state) {
  const p = new URLSearchParams({q: state.q, sort: state.sort, offset: state.offset, limit: PAGE, facet_limit: 12});
  for (const f of ['person', 'place', 'organization', 'year', 'month']) p.append('facet', f);
  return 'api/search?' + p.toString();
}

// ---- results ----

function showQueryError(q, err) {
  const box = $('q-error');
  const pos = err.body && typeof err.body.position === 'number' ? err.body.position : null;
  box.textContent = '';
  box.append(err.body && err.body.reason ? err.body.reason : err.message);
  if (pos !== null) {
    const map = byteToIndex(q);
    const i = pos < map.length && map[pos] >= 0 ? map[pos] : q.length;
    box.append(el('br'), el('code', {class: 'where'}, q.slice(0, i), el('span', {class: 'caret'}, q.slice(i, i + 1) || ' '),
      q.slice(i + 1)));
    $('q').setSelectionRange(i, i);
  }
  box.hidden = false;
  $('q').setAttribute('aria-invalid', 'true');
}

function renderChips(state) {
  const ul = $('chips');
  ul.textContent = '';
  for (const clause of clausesIn(state.q)) {
    ul.append(el('li', {}, el('button', {
      type: 'button', class: 'chip', 'aria-label': `Remove ${clause} from the query`,
      onclick: () => go({q: removeClause(state.q, clause), offset: 0}),
    }, clause, el('span', {'aria-hidden': 'true'}, ' ×'))));
  }
}

function renderFacets(state, facets) {
  const box = $('facets');
  box.textContent = '';
  for (const [name, heading, field] of FACETS) {
    const buckets = (facets[name] || []).filter((b) => b.count > 0);
    if (name === 'year') buckets.reverse();  // newest first
    const list = el('ul', {});
    for (const b of buckets) {
      const clause = clauseFor(field, b.value);
      const active = clausesIn(state.q).includes(clause);
      list.append(el('li', {}, el('button', {
        type: 'button', class: 'facet', dataset: {facet: name, value: b.value, count: b.count},
        'aria-pressed': active ? 'true' : 'false',
        'aria-label': `${b.value}, ${plural(b.count, 'article', 'articles')}`,
        onclick: () => {
          focusAfter = 'summary';
          go({q: active ? removeClause(state.q, clause) : addClause(state.q, clause), offset: 0});
        },
      }, el('span', {class: 'value'}, b.value), el('span', {class: 'count'}, b.count.toLocaleString('en')))));
    }
    if (!buckets.length) list.append(el('li', {class: 'none'}, 'none'));
    box.append(el('section', {class: 'facet-group', dataset: {facet: name}}, el('h2', {}, heading), list));
  }
}

function renderTimeline(state, facets) {
  const years = facets.year || [];
  const months = facets.month || [];
  const section = $('timeline');
  section.hidden = !years.some((b) => b.count > 0);
  if (section.hidden) return;
  // Months when the results fit in a couple of years, unless the reader chose.
  const by = state.tl || (years.length <= 2 && months.length <= 36 ? 'month' : 'year');
  for (const r of document.querySelectorAll('input[name=tl]')) r.checked = r.value === by;
  const buckets = by === 'month' ? months : years;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const bars = $('bars');
  bars.textContent = '';
  bars.dataset.by = by;
  const monthName = (v) => new Date(`${v}-01T00:00:00Z`).toLocaleString('en', {month: 'short', timeZone: 'UTC'});
  for (const b of buckets) {
    const label = by === 'month' ? `${monthName(b.value)} ${b.value.slice(0, 4)}` : b.value;
    const short = by === 'month' ? (b.value.endsWith('-01') || b === buckets[0] ? label : monthName(b.value)) : b.value;
    const button = el('button', {
      type: 'button', class: 'bar', disabled: b.count === 0, dataset: {value: b.value, count: b.count},
      'aria-label': `${label}: ${plural(b.count, 'article', 'articles')}`, title: `${label}: ${b.count}`,
      onclick: () => { focusAfter = 'summary'; go({q: addClause(state.q, clauseFor('date', b.value)), offset: 0}); },
    }, el('span', {class: 'fill'}), el('span', {class: 'label', 'aria-hidden': 'true'}, short));
    button.style.setProperty('--h', `${Math.round((100 * b.count) / max)}%`);
    bars.append(el('li', {}, button));
  }
}

function renderHits(state, r) {
  const ol = $('hits');
  ol.textContent = '';
  ol.start = r.offset + 1;
  const filters = clausesIn(state.q);
  for (const h of r.hits) {
    const meta = [h.published ? h.published.slice(0, 10) : null, h.authors.length ? h.authors.join(', ') : null]
      .filter(Boolean).join(' · ');
    const link = el('a', {href: fragment(Object.assign({}, state, {article: h.id})), dataset: {id: h.id}},
      h.title || '(untitled)');
    const entities = el('dl', {class: 'hit-entities'});
    for (const [key, label, field] of [['people', 'People', 'person'], ['places', 'Places', 'place'],
      ['organizations', 'Organisations', 'org']]) {
      if (!h[key].length) continue;
      // Names the query filters on come first, in bold; then the first few others.
      const chosen = h[key].filter((name) => filters.includes(clauseFor(field, name)));
      const others = h[key].filter((name) => !chosen.includes(name));
      const shown = Math.max(0, 6 - chosen.length);
      const dd = el('dd', {});
      chosen.concat(others.slice(0, shown)).forEach((name, i) => {
        if (i) dd.append(', ');
        dd.append(i < chosen.length ? el('strong', {}, name) : name);
      });
      if (others.length > shown) dd.append(` and ${others.length - shown} more`);
      entities.append(el('div', {}, el('dt', {}, label), dd));
    }
    ol.append(el('li', {class: 'hit'},
      el('h3', {}, link),
      meta ? el('p', {class: 'meta'}, meta) : null,
      h.snippet ? el('p', {class: 'snippet'}, ...snippetNodes(h.snippet)) : null,
      entities));
  }
}

function renderPager(state, r) {
  const pages = Math.ceil(r.total / PAGE);
  $('pager').hidden = pages <= 1;
  $('page').textContent = `Page ${Math.floor(r.offset / PAGE) + 1} of ${pages}`;
  $('prev').disabled = r.offset === 0;
  $('next').disabled = r.offset + PAGE >= r.total;
  $('prev').onclick = () => { focusAfter = 'summary'; go({offset: Math.max(0, state.offset - PAGE)}); };
  $('next').onclick = () => { focusAfter = 'summary'; go({offset: state.offset + PAGE}); };
}

let focusAfter = null;  // what gets the focus once the next view is drawn
let lastArticle = null; // the hit whose article was open, to return to it

async function showResults(state) {
  $('article-view').hidden = true;
  $('results-view').hidden = false;
  $('q-error').hidden = true;
  $('q').removeAttribute('aria-invalid');
  renderChips(state);
  const view = $('results-view');
  view.setAttribute('aria-busy', 'true');
  let r;
  try {
    r = await api(searchUrl(state));
  } catch (err) {
    if (err.name === 'AbortError') return;
    view.removeAttribute('aria-busy');
    $('summary').textContent = 'The search failed.';
    $('summary').dataset.total = '';
    showQueryError(state.q, err);
    return;
  }
  view.removeAttribute('aria-busy');
  const summary = $('summary');
  const shown = r.hits.length ? ` (showing ${r.offset + 1}–${r.offset + r.hits.length})` : '';
  summary.textContent = `${plural(r.total, 'article matches', 'articles match')}${state.q ? ` “${state.q}”` : ''}${shown}`;
  summary.dataset.total = String(r.total);
  $('suggestion').hidden = !r.suggestion;
  if (r.suggestion) {
    $('suggestion-link').textContent = r.suggestion;
    $('suggestion-link').href = fragment({q: r.suggestion, sort: state.sort, offset: 0, tl: state.tl});
  }
  renderFacets(state, r.facets);
  renderTimeline(state, r.facets);
  renderHits(state, r);
  renderPager(state, r);
  if (focusAfter === 'summary') summary.focus();
  else if (lastArticle) {
    const link = document.querySelector(`#hits a[data-id="${CSS.escape(lastArticle)}"]`);
    if (link) link.focus();
  }
  focusAfter = null;
  lastArticle = null;
}

// ---- one article ----

function entityLists(article) {
  const box = $('article-entities');
  box.textContent = '';
  const groups = [['person', 'People', 'person'], ['place', 'Places', 'place'],
    ['organization', 'Organisations', 'org'], ['date', 'Dates', null]];
  const dl = el('dl', {});
  for (const [type, label, field] of groups) {
    const names = [];
    for (const e of article.entities || []) {
      const name = type === 'date' ? e.value : e.canonical || e.text;
      if (e.type === type && name && !names.includes(name)) names.push(name);
    }
    if (!names.length) continue;
    const dd = el('dd', {});
    names.forEach((name, i) => {
      if (i) dd.append(', ');
      dd.append(field ? el('a', {href: fragment({q: clauseFor(field, name), sort: 'relevance', offset: 0})}, name)
        : el('span', {}, name));
    });
    dl.append(el('div', {dataset: {type}}, el('dt', {}, label), dd));
  }
  box.append(dl.childElementCount ? dl : el('p', {}, 'No people, places, organisations or dates were found.'));
}

async function showArticle(state) {
  $('results-view').hidden = true;
  const view = $('article-view');
  view.hidden = false;
  $('back').href = fragment(Object.assign({}, state, {article: null}));
  lastArticle = state.article;
  const title = $('article-title');
  let a;
  try {
    a = await api('api/articles/' + encodeURIComponent(state.article));
  } catch (err) {
    if (err.name === 'AbortError') return;
    title.textContent = 'Article not found';
    $('article-meta').textContent = err.message;
    $('article-body').textContent = '';
    $('article-entities').textContent = '';
    title.focus();
    return;
  }
  const entities = a.entities || [];
  title.textContent = '';
  markEntities(title, a.title || '(untitled)', a.title ? entities.filter((e) => e.field === 'title') : []);
  const meta = $('article-meta');
  meta.textContent = [a.published ? a.published.slice(0, 10) : null, a.publication,
    (a.authors || []).join(', ') || null, a.dateline].filter(Boolean).join(' · ');
  if (a.url && /^https?:/i.test(a.url)) meta.append(' · ', el('a', {href: a.url, rel: 'noreferrer noopener'}, 'original'));
  const body = $('article-body');
  body.textContent = '';
  markEntities(body, a.body || '', entities.filter((e) => (e.field || 'body') === 'body'));
  entityLists(a);
  document.title = `${a.title || a.id} · annals`;
  title.focus();
}

function render() {
  const state = readState();
  $('q').value = state.q;
  $('sort').value = state.sort;
  document.title = 'annals: search the archive';
  if (state.article) showArticle(state);
  else showResults(state);
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    go({q: $('q').value.trim(), sort: $('sort').value, offset: 0});
  });
  $('sort').addEventListener('change', () => go({q: $('q').value.trim(), sort: $('sort').value, offset: 0}));
  for (const r of document.querySelectorAll('input[name=tl]')) r.addEventListener('change', () => go({tl: r.value}));
  // On a narrow screen the filters are folded, below the search box.
  const narrow = window.matchMedia('(max-width: 720px)');
  $('filters').open = !narrow.matches;
  narrow.addEventListener('change', () => { $('filters').open = !narrow.matches; });
  window.addEventListener('hashchange', render);
  render();
});
