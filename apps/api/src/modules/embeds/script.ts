/**
 * embed.js, the one line partners paste:
 *
 *   <script src="https://HOST/embed.js" data-collection="ID" async></script>
 *
 * It replaces nothing on the page: it inserts, right after each such script tag, a sandboxed, lazily
 * loaded iframe with a meaningful title, and sets the frame's height from the page's messages.
 * Written by hand in ES5 (no build step, no dependency, about 1 kB compressed). Messages are
 * accepted only from one of its own frames (`event.source`) and from Malle's origin, or "null",
 * which is what a sandboxed frame without allow-same-origin reports.
 *
 * Attributes: data-collection | data-fiche, data-couleur, data-disposition, data-max,
 * data-recherche, data-cle, data-titre, data-hauteur (initial height in pixels).
 */
import { EMBED_SANDBOX, EmbedQuery } from '@malle/schema/embeds';

export const EMBED_SCRIPT = `/*! Malle embed.js, AGPL-3.0-or-later */
(function(){
var d=document,w=window,me=d.currentScript;if(!me||!me.src)return;
var base=new URL(me.src,location.href).origin,OPTS=${JSON.stringify(Object.keys(EmbedQuery.shape))},frames=[];
function attach(s){
if(s.getAttribute('data-malle-ready'))return;
var id=s.getAttribute('data-collection'),sheet=s.getAttribute('data-fiche');if(!id&&!sheet)return;
s.setAttribute('data-malle-ready','1');
var q=[];OPTS.forEach(function(k){var v=s.getAttribute('data-'+k);if(v)q.push(k+'='+encodeURIComponent(v))});
var f=d.createElement('iframe'),h=parseInt(s.getAttribute('data-hauteur'),10);
f.src=base+(id?'/embed/collections/'+encodeURIComponent(id):'/embed/fiches/'+encodeURIComponent(sheet))+(q.length?'?'+q.join('&'):'')+(/^https?:/.test(location.protocol)?'#parent='+encodeURIComponent(location.origin):'');
f.title=s.getAttribute('data-titre')||(id?'Collection de fiches Malle':'Fiche Malle');
f.setAttribute('loading','lazy');
f.setAttribute('sandbox','${EMBED_SANDBOX}');
f.setAttribute('referrerpolicy','strict-origin-when-cross-origin');
f.style.cssText='display:block;width:100%;max-width:100%;border:0;height:'+(h>0&&h<5000?h:400)+'px';
s.parentNode.insertBefore(f,s.nextSibling);frames.push(f);
}
function scan(){[].forEach.call(d.querySelectorAll('script[data-collection],script[data-fiche]'),function(s){if(s.src&&new URL(s.src,location.href).origin===base)attach(s)})}
w.addEventListener('message',function(e){
if(e.origin!==base&&e.origin!=='null')return;
var m=e.data;if(!m||m.type!=='malle:resize')return;
for(var i=0;i<frames.length;i++)if(frames[i].contentWindow===e.source){
var h=Number(m.height);if(isFinite(h)&&h>0&&h<100000)frames[i].style.height=Math.ceil(h)+'px';
if(typeof m.title==='string'&&m.title)frames[i].title=m.title.slice(0,200);
}
});
scan();
})();
`;
