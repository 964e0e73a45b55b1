/// The board's style sheet and script, served from `/static/` (so the
/// content security policy can forbid inline code).
enum BoardAssets {
    /// `/static/board.css`.
    static let css = """
    body{font:16px/1.4 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
    header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#1f3a4d;color:#fff}
    header h1{font-size:1.1rem;margin:0;flex:1}
    header form{margin:0}
    main{max-width:60rem;margin:0 auto;padding:1rem}
    .note{background:#fff8dc;border-left:4px solid #c9a400;padding:.5rem .8rem;margin:0 0 1rem}
    .filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
    .escalation{background:#fff;border-radius:6px;border-left:6px solid #999;padding:.7rem .9rem;margin:0 0 .7rem;box-shadow:0 1px 2px #0002}
    .escalation.emergency{border-color:#b00020}.escalation.urgent{border-color:#e65100}.escalation.review{border-color:#1565c0}.escalation.watch{border-color:#607d8b}
    .escalation.overdue{background:#fff0f0}
    .escalation h2{font-size:1rem;margin:0 0 .3rem;display:flex;flex-wrap:wrap;gap:.4rem;align-items:baseline}
    .level{font-weight:700;text-transform:uppercase;font-size:.8rem}
    .badge{font-size:.75rem;border-radius:3px;padding:0 .3rem;background:#eee}
    .badge.overdue{background:#b00020;color:#fff}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0;font-size:.9rem}
    dt{color:#555}dd{margin:0}
    .actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.4rem}
    .actions form{display:flex;gap:.3rem;margin:0}
    button,select,input{font:inherit;padding:.3rem .5rem}
    .today{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.7rem;margin-bottom:1rem}
    .today section{background:#fff;padding:.5rem .8rem;border-radius:6px}
    .today h3{font-size:.9rem;margin:.2rem 0}
    .today ul{margin:0;padding-left:1.1rem;font-size:.9rem}
    .error{color:#b00020}
    .pages{display:flex;justify-content:space-between;margin:1rem 0}
    """

    /// `/static/board.js`: live updates from `/events` since the page's
    /// version (the browser names the last event it had when it reconnects),
    /// placing each row by its sort key.
    static let script = """
    (function(){
      if(!window.EventSource)return;
      var list=document.getElementById('escalations'),count=document.getElementById('count');
      var since='since='+encodeURIComponent(list.dataset.version||'');
      var source=new EventSource('/events'+(location.search?location.search+'&':'?')+since);
      function place(html,key){
        var first=list.firstElementChild,last=list.lastElementChild;
        if(list.dataset.first!=='true'&&first&&key<first.dataset.sort)return;
        if(list.dataset.last!=='true'&&last&&key>last.dataset.sort)return;
        var t=document.createElement('div');t.innerHTML=html;var el=t.firstElementChild;
        var next=null;for(var c=list.firstElementChild;c;c=c.nextElementSibling){if(c.dataset.sort>key){next=c;break;}}
        list.insertBefore(el,next);
      }
      function drop(id){var old=document.getElementById('case-'+id);if(old)old.remove();}
      source.addEventListener('upsert',function(e){var d=JSON.parse(e.data);drop(d.caseId);place(d.html,d.sortKey);count.textContent=d.total;});
      source.addEventListener('remove',function(e){var d=JSON.parse(e.data);drop(d.caseId);count.textContent=d.total;});
    })();
    """
}
