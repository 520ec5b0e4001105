// The status page: polls /api/v1/status and redraws. No build step, no framework.
'use strict';

const REFRESH_MILLIS = 1500;
const LEVEL_COLOURS = ['#34a853', '#fbbc04', '#ea4335', '#b31412'];

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function badge(value) {
  return element('span', { class: 'badge ' + value }, value);
}

function duration(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
  return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + s + 's';
}

function tile(camera) {
  let node = document.querySelector(`.tile[data-camera="${CSS.escape(camera.id)}"]`);
  if (!node) {
    node = element('article', { class: 'tile', 'data-camera': camera.id });
    // Hidden until a frame loads: the placeholder after it shows instead of a broken image.
    const image = element('img', { alt: 'latest frame of ' + camera.id, hidden: '' });
    image.addEventListener('load', () => {
      image.dataset.loaded = 'true';
      image.dataset.naturalWidth = image.naturalWidth;
      image.hidden = false;
    });
    image.addEventListener('error', () => {
      image.dataset.loaded = 'false';
      image.hidden = true;
    });
    node.append(image, element('div', { class: 'placeholder' }, 'no frame yet'), element('div', { class: 'info' }));
    document.getElementById('cameras').append(node);
  }
  return node;
}

function renderCamera(camera, tick) {
  const node = tile(camera);
  const image = node.querySelector('img');
  if (camera.last_frame_age_seconds !== null) {
    image.src = `api/v1/cameras/${encodeURIComponent(camera.id)}/snapshot.jpg?t=${tick}`;
  }
  const info = node.querySelector('.info');
  const circuit = element('span', {}, 'circuit ');
  circuit.append(badge(camera.circuit));
  info.replaceChildren(
    element('h2', {}, camera.id), badge(camera.state),
    // The API's fps: delivered over the stated window, the same figure as edge_video_camera_fps.
    element('span', { class: 'fps', title: `delivered over the last ${camera.fps_window_seconds} s` },
      `${camera.fps.toFixed(2)} fps of ${camera.target_fps}`), circuit,
    element('span', { class: 'frames' }, `${camera.frames.captured} frames`
      + (camera.publish_on === 'change' ? ` · ${(camera.unchanged_share * 100).toFixed(0)} % unchanged, skipped` : '')),
    element('span', { class: 'age' }, camera.last_frame_age_seconds === null ? 'no frame yet'
      : `last ${camera.last_frame_age_seconds.toFixed(1)} s ago`));
  if (camera.timestamp_source === 'sender' && camera.clock_offset_ms !== null) {
    // Our receive time minus the camera's own time of the frame: a drifting camera clock shows here.
    info.append(element('span', { class: 'clock' },
      `camera's clock, frames arrive ${(camera.clock_offset_ms / 1000).toFixed(2)} s after it`));
  }
  if (camera.source_shortfall) {
    info.append(element('span', { class: 'shortfall' }, camera.source_shortfall_reason));
  }
  if (camera.last_error && camera.state !== 'STREAMING') {
    info.append(element('span', { class: 'error' }, camera.last_error));
  }
}

function renderMemory(memory, system) {
  const level = document.getElementById('memory-level');
  level.textContent = memory.level;
  level.className = 'badge ' + memory.level;
  document.getElementById('memory-usage').textContent =
    `${memory.usage_percent.toFixed(1)} % of ${memory.limit_mb} MB`;
  document.getElementById('process').textContent =
    `RSS ${(system.rss_bytes / 1048576).toFixed(0)} MB · CPU ${system.cpu_percent.toFixed(0)} % · ${system.threads} threads`;
  const canvas = document.getElementById('memory-chart');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const points = memory.history;
  if (points.length === 0) return;
  // Scaled to the recent peak, so a few percent of a large limit still shows its shape.
  const top = Math.max(5, ...points.map(p => p.usage_percent)) * 1.5;
  const x = i => points.length === 1 ? canvas.width : i * canvas.width / (points.length - 1);
  const y = usage => canvas.height - usage / top * (canvas.height - 4) - 2;
  points.forEach((p, i) => {
    if (i === 0) return;
    g.strokeStyle = LEVEL_COLOURS[p.level] || LEVEL_COLOURS[0];
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(x(i - 1), y(points[i - 1].usage_percent));
    g.lineTo(x(i), y(p.usage_percent));
    g.stroke();
  });
  g.fillStyle = '#9aa0a6';
  g.font = '11px sans-serif';
  g.fillText(`usage % of limit, last ${points.length} readings (0 – ${top.toFixed(1)} %)`, 6, 12);
}

function renderSinks(sinks) {
  document.getElementById('sinks').replaceChildren(...sinks.map(sink => {
    const span = element('span', { class: 'sink', 'data-sink': sink.id, title: `${sink.published} published, ${sink.errors} errors` });
    span.append(sink.name + ' ', badge(sink.state));
    return span;
  }));
}

// Which node this is matters only in a cluster (edgevideo.cluster.enabled), asked once.
const clusterEnabled = fetch('api/v1/cluster', { cache: 'no-store' })
  .then(response => response.json()).then(cluster => cluster.enabled === true).catch(() => false);

async function refresh(tick) {
  try {
    const response = await fetch('api/v1/status', { cache: 'no-store' });
    const status = await response.json();
    document.getElementById('node').textContent = await clusterEnabled ? 'node ' + status.node_id : '';
    document.getElementById('uptime').textContent = 'up ' + duration(status.uptime_seconds);
    renderSinks(status.sinks);
    renderMemory(status.memory, status.system);
    status.cameras.forEach(camera => renderCamera(camera, tick));
    document.querySelectorAll('.tile').forEach(node => {
      if (!status.cameras.some(camera => camera.id === node.dataset.camera)) node.remove();
    });
    document.body.dataset.refreshes = tick;
  } catch (e) {
    document.getElementById('uptime').textContent = 'cannot reach the service: ' + e;
  }
}

let tick = 0;
refresh(tick);
setInterval(() => refresh(++tick), REFRESH_MILLIS);
