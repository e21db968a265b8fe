using System.Linq.Expressions;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// A collection that calls back after each call that may change it (anything but the reads), so a cache can never miss a
/// write, whoever makes it; the callback runs even when the write throws. Written out member by member rather than as a
/// runtime proxy: no reflection on each call, and no code emitted when the database opens. A member LiteDB adds to
/// <see cref="ILiteCollection{T}"/> does not compile until it is written here, and is then a read or a write.
/// </summary>
public sealed class WriteWatch<T>(ILiteCollection<T> inner, Action changed) : ILiteCollection<T>
{
    private TResult Write<TResult>(Func<ILiteCollection<T>, TResult> write)
    {
        try
        {
            return write(inner);
        }
        finally
        {
            changed();
        }
    }

    // Reads
    public string Name => inner.Name;
    public BsonAutoId AutoId => inner.AutoId;
    public EntityMapper EntityMapper => inner.EntityMapper;
    public ILiteCollection<T> Include<K>(Expression<Func<T, K>> keySelector) => inner.Include(keySelector);
    public ILiteCollection<T> Include(BsonExpression keySelector) => inner.Include(keySelector);
    public ILiteQueryable<T> Query() => inner.Query();
    public IEnumerable<T> Find(BsonExpression predicate, int skip = 0, int limit = int.MaxValue) => inner.Find(predicate, skip, limit);
    public IEnumerable<T> Find(Query query, int skip = 0, int limit = int.MaxValue) => inner.Find(query, skip, limit);
    public IEnumerable<T> Find(Expression<Func<T, bool>> predicate, int skip = 0, int limit = int.MaxValue) => inner.Find(predicate, skip, limit);
    public T FindById(BsonValue id) => inner.FindById(id);
    public T FindOne(BsonExpression predicate) => inner.FindOne(predicate);
    public T FindOne(string predicate, BsonDocument parameters) => inner.FindOne(predicate, parameters);
    public T FindOne(BsonExpression predicate, params BsonValue[] args) => inner.FindOne(predicate, args);
    public T FindOne(Expression<Func<T, bool>> predicate) => inner.FindOne(predicate);
    public T FindOne(Query query) => inner.FindOne(query);
    public IEnumerable<T> FindAll() => inner.FindAll();
    public int Count() => inner.Count();
    public int Count(BsonExpression predicate) => inner.Count(predicate);
    public int Count(string predicate, BsonDocument parameters) => inner.Count(predicate, parameters);
    public int Count(string predicate, params BsonValue[] args) => inner.Count(predicate, args);
    public int Count(Expression<Func<T, bool>> predicate) => inner.Count(predicate);
    public int Count(Query query) => inner.Count(query);
    public long LongCount() => inner.LongCount();
    public long LongCount(BsonExpression predicate) => inner.LongCount(predicate);
    public long LongCount(string predicate, BsonDocument parameters) => inner.LongCount(predicate, parameters);
    public long LongCount(string predicate, params BsonValue[] args) => inner.LongCount(predicate, args);
    public long LongCount(Expression<Func<T, bool>> predicate) => inner.LongCount(predicate);
    public long LongCount(Query query) => inner.LongCount(query);
    public bool Exists(BsonExpression predicate) => inner.Exists(predicate);
    public bool Exists(string predicate, BsonDocument parameters) => inner.Exists(predicate, parameters);
    public bool Exists(string predicate, params BsonValue[] args) => inner.Exists(predicate, args);
    public bool Exists(Expression<Func<T, bool>> predicate) => inner.Exists(predicate);
    public bool Exists(Query query) => inner.Exists(query);
    public BsonValue Min(BsonExpression keySelector) => inner.Min(keySelector);
    public BsonValue Min() => inner.Min();
    public K Min<K>(Expression<Func<T, K>> keySelector) => inner.Min(keySelector);
    public BsonValue Max(BsonExpression keySelector) => inner.Max(keySelector);
    public BsonValue Max() => inner.Max();
    public K Max<K>(Expression<Func<T, K>> keySelector) => inner.Max(keySelector);

    // Writes (and everything else)
    public bool Upsert(T entity) => Write(c => c.Upsert(entity));
    public int Upsert(IEnumerable<T> entities) => Write(c => c.Upsert(entities));
    public bool Upsert(BsonValue id, T entity) => Write(c => c.Upsert(id, entity));
    public bool Update(T entity) => Write(c => c.Update(entity));
    public bool Update(BsonValue id, T entity) => Write(c => c.Update(id, entity));
    public int Update(IEnumerable<T> entities) => Write(c => c.Update(entities));
    public int UpdateMany(BsonExpression transform, BsonExpression predicate) => Write(c => c.UpdateMany(transform, predicate));
    public int UpdateMany(Expression<Func<T, T>> extend, Expression<Func<T, bool>> predicate) => Write(c => c.UpdateMany(extend, predicate));
    public BsonValue Insert(T entity) => Write(c => c.Insert(entity));
    public void Insert(BsonValue id, T entity) => Write(c => { c.Insert(id, entity); return 0; });
    public int Insert(IEnumerable<T> entities) => Write(c => c.Insert(entities));
    public int InsertBulk(IEnumerable<T> entities, int batchSize = 5000) => Write(c => c.InsertBulk(entities, batchSize));
    public bool EnsureIndex(string name, BsonExpression expression, bool unique = false) => Write(c => c.EnsureIndex(name, expression, unique));
    public bool EnsureIndex(BsonExpression expression, bool unique = false) => Write(c => c.EnsureIndex(expression, unique));
    public bool EnsureIndex<K>(Expression<Func<T, K>> keySelector, bool unique = false) => Write(c => c.EnsureIndex(keySelector, unique));
    public bool EnsureIndex<K>(string name, Expression<Func<T, K>> keySelector, bool unique = false) => Write(c => c.EnsureIndex(name, keySelector, unique));
    public bool DropIndex(string name) => Write(c => c.DropIndex(name));
    public bool Delete(BsonValue id) => Write(c => c.Delete(id));
    public int DeleteAll() => Write(c => c.DeleteAll());
    public int DeleteMany(BsonExpression predicate) => Write(c => c.DeleteMany(predicate));
    public int DeleteMany(string predicate, BsonDocument parameters) => Write(c => c.DeleteMany(predicate, parameters));
    public int DeleteMany(string predicate, params BsonValue[] args) => Write(c => c.DeleteMany(predicate, args));
    public int DeleteMany(Expression<Func<T, bool>> predicate) => Write(c => c.DeleteMany(predicate));
}
